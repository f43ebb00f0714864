package io.clinicnode.installer.backup;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The encryption of a backup file: AES-256-GCM in chunks of {@value #CHUNK} bytes, so that neither writing nor
 * reading holds a whole backup in memory. The layout:
 * <pre>
 *   "CNBACKUP" 0x01 | int header length | header JSON | chunks: int length, AES-GCM(chunk) ...
 * </pre>
 * The header (in clear, no secret) names the key source ({@code passphrase}: PBKDF2-HMAC-SHA256 with its salt and
 * iterations; {@code key-file}: a 256-bit backup key), a random per-file salt and a key check. The file's key is
 * HMAC-SHA256(base key, "clinicnode-backup-v1" + salt), fresh for each file, so chunk numbers can serve as nonces.
 * Each chunk's additional data is SHA-256(header), its number and whether it is the last: reordered, dropped, truncated
 * or changed chunks, and a changed header, all fail authentication.
 */
public final class BackupCipher {
    static final int CHUNK = 1 << 20;
    private static final byte[] MAGIC = "CNBACKUP".getBytes(StandardCharsets.US_ASCII);
    private static final byte VERSION = 1;
    private static final int PBKDF2_ITERATIONS = 600_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private BackupCipher() {
    }

    /** Where the key comes from. */
    public sealed interface KeySource permits Passphrase, KeyFile {
    }

    /** A passphrase (from the environment). */
    public record Passphrase(char[] value) implements KeySource {
    }

    /** A 256-bit backup key (from a file). */
    public record KeyFile(byte[] key) implements KeySource {
    }

    /** Wraps {@code out} (closed with the result) in a new encrypted backup stream. */
    public static OutputStream encrypt(OutputStream out, KeySource source) throws IOException {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        var header = Json.createObjectBuilder()
                .add("cipher", "AES-256-GCM")
                .add("chunk", CHUNK)
                .add("salt", Base64.getEncoder().encodeToString(salt));
        byte[] baseKey;
        switch (source) {
            case Passphrase passphrase -> {
                header.add("kdf", "PBKDF2-HMAC-SHA256").add("iterations", PBKDF2_ITERATIONS);
                baseKey = pbkdf2(passphrase.value(), salt, PBKDF2_ITERATIONS);
            }
            case KeyFile file -> {
                header.add("kdf", "key-file");
                baseKey = file.key();
            }
        }
        byte[] fileKey = hmac(baseKey, concat("clinicnode-backup-v1".getBytes(StandardCharsets.US_ASCII), salt));
        header.add("keyCheck", Base64.getEncoder().encodeToString(keyCheck(fileKey)));
        byte[] headerBytes = header.build().toString().getBytes(StandardCharsets.UTF_8);
        DataOutputStream data = new DataOutputStream(out);
        data.write(MAGIC);
        data.writeByte(VERSION);
        data.writeInt(headerBytes.length);
        data.write(headerBytes);
        return new EncryptingStream(data, fileKey, sha256(headerBytes));
    }

    /**
     * Reads the header of {@code in} and returns a stream of its clear content.
     *
     * @throws BackupDamaged when the file is not a backup, the key does not open it, or a chunk fails authentication
     */
    public static InputStream decrypt(InputStream in, KeySource source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] magic = new byte[MAGIC.length];
        try {
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new BackupDamaged("This is not a ClinicNode backup file (it does not start with CNBACKUP).");
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new BackupDamaged("This backup file has format " + version + "; this clinicnode reads format "
                        + VERSION + ".");
            }
            int length = data.readInt();
            if (length <= 0 || length > 65536) {
                throw new BackupDamaged("The backup file's header is damaged.");
            }
            byte[] headerBytes = new byte[length];
            data.readFully(headerBytes);
            JsonObject header;
            try {
                header = Json.createReader(new java.io.ByteArrayInputStream(headerBytes)).readObject();
            } catch (RuntimeException e) {
                throw new BackupDamaged("The backup file's header is damaged.");
            }
            byte[] salt = Base64.getDecoder().decode(header.getString("salt"));
            String kdf = header.getString("kdf");
            byte[] baseKey;
            if (kdf.equals("PBKDF2-HMAC-SHA256")) {
                if (!(source instanceof Passphrase passphrase)) {
                    throw new BackupDamaged("This backup was encrypted with a passphrase; give it with --passphrase-env VAR.");
                }
                baseKey = pbkdf2(passphrase.value(), salt, header.getInt("iterations"));
            } else if (kdf.equals("key-file")) {
                if (!(source instanceof KeyFile file)) {
                    throw new BackupDamaged("This backup was encrypted with a backup key; give it with --backup-key FILE.");
                }
                baseKey = file.key();
            } else {
                throw new BackupDamaged("The backup file names an unknown key derivation '" + kdf + "'.");
            }
            byte[] fileKey = hmac(baseKey, concat("clinicnode-backup-v1".getBytes(StandardCharsets.US_ASCII), salt));
            if (!MessageDigest.isEqual(keyCheck(fileKey), Base64.getDecoder().decode(header.getString("keyCheck")))) {
                throw new WrongKey(source instanceof Passphrase
                        ? "The passphrase does not open this backup (wrong passphrase)."
                        : "The backup key does not open this backup (it was encrypted with another key).");
            }
            return new DecryptingStream(data, fileKey, sha256(headerBytes));
        } catch (EOFException e) {
            throw new BackupDamaged("The backup file is truncated (it ends inside its header).");
        } catch (RuntimeException e) {
            throw new BackupDamaged("The backup file's header is damaged (" + e.getMessage() + ").");
        }
    }

    /** The backup is not intact: changed, truncated, or not a backup. */
    public static class BackupDamaged extends IOException {
        public BackupDamaged(String message) {
            super(message);
        }
    }

    /** The key or passphrase given is not the one the backup was encrypted with. */
    public static final class WrongKey extends BackupDamaged {
        public WrongKey(String message) {
            super(message);
        }
    }

    private static byte[] keyCheck(byte[] fileKey) {
        return Arrays.copyOf(hmac(fileKey, "key check".getBytes(StandardCharsets.US_ASCII)), 16);
    }

    private static byte[] aad(byte[] headerHash, long chunk, boolean last) {
        return ByteBuffer.allocate(headerHash.length + 9).put(headerHash).putLong(chunk).put((byte) (last ? 1 : 0)).array();
    }

    private static GCMParameterSpec nonce(long chunk) {
        return new GCMParameterSpec(128, ByteBuffer.allocate(12).putInt(0).putLong(chunk).array());
    }

    private static byte[] pbkdf2(char[] passphrase, byte[] salt, int iterations) {
        try {
            SecretKeyFactory factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return factory.generateSecret(new PBEKeySpec(passphrase, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2-HMAC-SHA256 is missing from this Java runtime", e);
        }
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is missing from this Java runtime", e);
        }
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static Cipher cipher(int mode, byte[] key, long chunk, byte[] aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), nonce(chunk));
            cipher.updateAAD(aad);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this Java runtime", e);
        }
    }

    private static final class EncryptingStream extends OutputStream {
        private final DataOutputStream out;
        private final byte[] key;
        private final byte[] headerHash;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK);
        private long chunk;
        private boolean closed;

        private EncryptingStream(DataOutputStream out, byte[] key, byte[] headerHash) {
            this.out = out;
            this.key = key;
            this.headerHash = headerHash;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int take = Math.min(len, CHUNK - buffer.size());
                buffer.write(b, off, take);
                off += take;
                len -= take;
                if (buffer.size() == CHUNK) {
                    flushChunk(false);
                }
            }
        }

        private void flushChunk(boolean last) throws IOException {
            try {
                byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, chunk, aad(headerHash, chunk, last)).doFinal(buffer.toByteArray());
                out.writeInt(sealed.length);
                out.write(sealed);
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot encrypt the backup: " + e.getMessage(), e);
            }
            buffer.reset();
            chunk++;
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            flushChunk(true);
            out.close();
        }
    }

    private static final class DecryptingStream extends InputStream {
        private final DataInputStream in;
        private final byte[] key;
        private final byte[] headerHash;
        private byte[] current = new byte[0];
        private int position;
        private long chunk;
        private boolean ended;

        private DecryptingStream(DataInputStream in, byte[] key, byte[] headerHash) {
            this.in = in;
            this.key = key;
            this.headerHash = headerHash;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position == current.length) {
                if (ended) {
                    return -1;
                }
                nextChunk();
            }
            int take = Math.min(len, current.length - position);
            System.arraycopy(current, position, b, off, take);
            position += take;
            return take;
        }

        private void nextChunk() throws IOException {
            int length;
            byte[] sealed;
            try {
                length = in.readInt();
                if (length < 16 || length > CHUNK + 16) {
                    throw new BackupDamaged("The backup file is damaged: chunk " + chunk + " has an impossible length.");
                }
                sealed = new byte[length];
                in.readFully(sealed);
            } catch (EOFException e) {
                throw new BackupDamaged("The backup file is truncated: it ends before its last chunk (after " + chunk
                        + " chunks).");
            }
            // The last chunk is the one whose authentication holds with the "last" flag; a file cut after a full chunk
            // fails both ways and is reported as damaged.
            byte[] plain = open(sealed, false);
            boolean last = false;
            if (plain == null) {
                plain = open(sealed, true);
                last = true;
            }
            if (plain == null) {
                throw new BackupDamaged("The backup file is damaged or was changed: chunk " + chunk + " (bytes near "
                        + (long) chunk * (CHUNK + 20) + ") fails its AES-GCM authentication.");
            }
            chunk++;
            current = plain;
            position = 0;
            if (last) {
                ended = true;
                if (in.read() != -1) {
                    throw new BackupDamaged("The backup file is damaged: data follows its last chunk.");
                }
            }
        }

        private byte[] open(byte[] sealed, boolean last) throws IOException {
            try {
                return cipher(Cipher.DECRYPT_MODE, key, chunk, aad(headerHash, chunk, last)).doFinal(sealed);
            } catch (AEADBadTagException e) {
                return null;
            } catch (GeneralSecurityException e) {
                throw new IOException("Cannot decrypt the backup: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
