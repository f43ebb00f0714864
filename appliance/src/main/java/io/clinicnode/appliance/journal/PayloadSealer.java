package io.clinicnode.appliance.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts event payloads for the journal with AES-GCM: a random 96-bit nonce per event, a 128-bit tag, and the
 * event's envelope as associated data, so that a payload moved to another entry, or altered, is refused. The sealed
 * form is the nonce followed by the ciphertext and tag.
 *
 * <p>Thread-safe: each call takes its own {@link Cipher}.
 */
public final class PayloadSealer {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private PayloadSealer(SecretKey key) {
        this.key = key;
    }

    /** A sealer with a 128- or 256-bit AES key. */
    public static PayloadSealer aesGcm(SecretKey key) {
        return new PayloadSealer(key);
    }

    byte[] seal(String payload, byte[] associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] plain = payload.getBytes(StandardCharsets.UTF_8);
            ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plain.length));
            sealed.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(plain), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new JournalException("Cannot encrypt an event payload: " + e.getMessage(), e);
        }
    }

    /** The payload, or a {@link JournalException} saying the key does not fit (or the entry was altered). */
    String open(byte[] sealed, byte[] associatedData, String entry) {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new JournalException("The encrypted payload of journal entry " + entry + " is truncated.");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new JournalException("The journal entry " + entry + " cannot be decrypted with this node's data key:"
                    + " it was written with another key, or altered. Start the node with the data key it was created with.", e);
        } catch (GeneralSecurityException e) {
            throw new JournalException("Cannot decrypt the payload of journal entry " + entry + ": " + e.getMessage(), e);
        }
    }
}
