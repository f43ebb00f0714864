package io.clinicnode.appliance.atrest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import io.clinicnode.appliance.ApplianceException;

/**
 * A node's data key: 256 random bits, kept in a file of mode 600 outside the data directory (base64 on one line),
 * from which the keys of encryption at rest are derived, each for one purpose (HMAC-SHA256 of the key over a label):
 * the journal's payload key (AES-256-GCM), H2's file password ({@code CIPHER=AES}) and a check value that the data
 * directory keeps, so that a wrong key is refused with a sentence before anything is opened with it.
 *
 * <p>Immutable and thread-safe.
 */
public final class DataKey {
    /** What {@code cluster-init} calls the clinic's data key in the cluster directory. */
    public static final String CLUSTER_FILE_NAME = "data.key";
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final byte[] key;

    private DataKey(Path file, byte[] key) {
        this.file = file;
        this.key = key;
    }

    /** Reads the key in {@code file}; refuses a missing file, one that others may read, or one without a 256-bit key. */
    public static DataKey load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ApplianceException("The data key " + file + " does not exist; create one with `clinicnode data-key"
                    + " create " + file + "` (for a new data directory only) or give the key this data directory was"
                    + " created with.");
        }
        try {
            if (PrivateFiles.isShared(file)) {
                throw new ApplianceException("The data key " + file + " may be read by other users (mode "
                        + PrivateFiles.mode(file) + "); run: chmod 600 " + file);
            }
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            byte[] key = Base64.getDecoder().decode(text);
            if (key.length != KEY_BYTES) {
                throw new ApplianceException("The data key " + file + " must hold a 256-bit key in base64, found "
                        + key.length * 8 + " bits.");
            }
            return new DataKey(file, key);
        } catch (IllegalArgumentException e) {
            throw new ApplianceException("The data key " + file + " must hold a 256-bit key in base64, but it is not base64.");
        } catch (IOException e) {
            throw new ApplianceException("Cannot read the data key " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes a new random key to {@code file} (mode 600; missing parent directories are made with mode 700). */
    public static DataKey create(Path file) {
        if (Files.exists(file)) {
            throw new ApplianceException("The data key " + file + " already exists; a key is never overwritten, since"
                    + " the data it encrypts could not be read any more.");
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                PrivateFiles.createDirectories(parent);
            }
            PrivateFiles.writeNew(file, (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ApplianceException("Cannot write the data key " + file + ": " + e.getMessage(), e);
        }
        return new DataKey(file, key);
    }

    /** Where the key was read from. */
    public Path file() {
        return file;
    }

    /** The journal's payload key (AES-256). */
    public SecretKey journalKey() {
        return new SecretKeySpec(derive("clinicnode journal payload AES-GCM v1"), "AES");
    }

    /** H2's file password (the part before the space in an encrypted database's password). */
    public String databaseFilePassword() {
        return HexFormat.of().formatHex(derive("clinicnode h2 file password v1"));
    }

    /** A value that identifies the key without revealing it; the data directory keeps it to recognise its key. */
    public String checkValue() {
        return HexFormat.of().formatHex(Arrays.copyOf(derive("clinicnode data key check v1"), 16));
    }

    private byte[] derive(String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "DataKey[" + file + "]";
    }
}
