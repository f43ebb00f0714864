package io.clinicnode.appliance.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with the cluster key, for values kept in Hazelcast (whose community edition sends them in clear).
 * A sealed value is {@code nonce (12 bytes) || ciphertext || tag (16 bytes)}; the associated data (e.g. the map key
 * and the fields kept in clear beside the value) is authenticated too, so a value cannot be moved to another key or
 * have its clear fields changed without {@link #open} refusing it. Nonces are random: at the rate a clinic opens and
 * slides sessions, the 2^32 limit per key is never near.
 *
 * <p>Thread-safe.
 */
public final class SealedValues {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecretKey hashKey;
    private final SecureRandom random = new SecureRandom();

    public SealedValues(SecretKey key) {
        this.key = key;
        this.hashKey = new SecretKeySpec(hmac(key, "clinicnode keyed hashes"), "HmacSHA256");
    }

    /**
     * A keyed hash (HMAC-SHA256 under a key derived from the cluster key), hex: names a user or an address in a map key
     * without revealing it, and cannot be reversed by trying likely names without the cluster key.
     */
    public String keyedHash(String text) {
        return HexFormat.of().formatHex(hmac(hashKey, text));
    }

    private static byte[] hmac(SecretKey key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getEncoded(), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK: " + e.getMessage(), e);
        }
    }

    public byte[] seal(byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] ciphertext = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_BYTES + ciphertext.length).put(nonce).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK: " + e.getMessage(), e);
        }
    }

    /** The plaintext; empty when the value was not sealed with this key and this associated data, or was changed. */
    public Optional<byte[]> open(byte[] sealed, byte[] associatedData) {
        if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK: " + e.getMessage(), e);
        }
    }
}
