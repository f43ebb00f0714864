package io.clinicnode.installer.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The chunked AES-256-GCM stream of backup files: round trip, and every kind of damage refused with a sentence. */
class BackupCipherTest {
    private static final BackupCipher.KeySource KEY = new BackupCipher.KeyFile(new byte[32]);

    @Test
    void roundTripsContentOfSeveralChunks() throws IOException {
        byte[] content = content(BackupCipher.CHUNK * 2 + 12345);
        assertThat(decrypt(encrypt(content, KEY), KEY)).isEqualTo(content);
        assertThat(decrypt(encrypt(new byte[0], KEY), KEY)).isEmpty();
        assertThat(decrypt(encrypt(content(BackupCipher.CHUNK), KEY), KEY)).hasSize(BackupCipher.CHUNK);
    }

    @Test
    void refusesAChangedByteATruncatedFileAndTrailingData() throws IOException {
        byte[] sealed = encrypt(content(BackupCipher.CHUNK + 100), KEY);
        byte[] changed = sealed.clone();
        changed[sealed.length / 2] ^= 1;
        assertThatThrownBy(() -> decrypt(changed, KEY)).isInstanceOf(BackupCipher.BackupDamaged.class)
                .hasMessageContaining("damaged or was changed");
        byte[] truncated = Arrays.copyOf(sealed, sealed.length - 200);
        assertThatThrownBy(() -> decrypt(truncated, KEY)).isInstanceOf(BackupCipher.BackupDamaged.class);
        // Cut exactly after the first chunk: that chunk is not marked last, so the cut is found.
        int firstChunkEnd = indexAfterFirstChunk(sealed);
        assertThatThrownBy(() -> decrypt(Arrays.copyOf(sealed, firstChunkEnd), KEY))
                .isInstanceOf(BackupCipher.BackupDamaged.class).hasMessageContaining("truncated");
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertThatThrownBy(() -> decrypt(longer, KEY)).isInstanceOf(BackupCipher.BackupDamaged.class)
                .hasMessageContaining("data follows");
    }

    @Test
    void refusesAWrongPassphraseOrKeyWithASentence() throws IOException {
        byte[] sealed = encrypt(content(1000), new BackupCipher.Passphrase("the right passphrase".toCharArray()));
        assertThat(decrypt(sealed, new BackupCipher.Passphrase("the right passphrase".toCharArray()))).hasSize(1000);
        assertThatThrownBy(() -> decrypt(sealed, new BackupCipher.Passphrase("a wrong passphrase".toCharArray())))
                .isInstanceOf(BackupCipher.WrongKey.class).hasMessageContaining("wrong passphrase");
        assertThatThrownBy(() -> decrypt(sealed, KEY)).hasMessageContaining("--passphrase-env");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> decrypt(encrypt(content(10), KEY), new BackupCipher.KeyFile(other)))
                .isInstanceOf(BackupCipher.WrongKey.class);
        assertThatThrownBy(() -> decrypt("not a backup at all".getBytes(), KEY)).hasMessageContaining("not a ClinicNode backup");
    }

    private static int indexAfterFirstChunk(byte[] sealed) {
        int headerLength = ((sealed[9] & 0xff) << 24) | ((sealed[10] & 0xff) << 16) | ((sealed[11] & 0xff) << 8) | (sealed[12] & 0xff);
        int chunkStart = 13 + headerLength;
        int chunkLength = ((sealed[chunkStart] & 0xff) << 24) | ((sealed[chunkStart + 1] & 0xff) << 16)
                | ((sealed[chunkStart + 2] & 0xff) << 8) | (sealed[chunkStart + 3] & 0xff);
        return chunkStart + 4 + chunkLength;
    }

    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    private static byte[] encrypt(byte[] content, BackupCipher.KeySource key) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = BackupCipher.encrypt(sealed, key)) {
            out.write(content);
        }
        return sealed.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, BackupCipher.KeySource key) throws IOException {
        try (InputStream in = BackupCipher.decrypt(new ByteArrayInputStream(sealed), key)) {
            return in.readAllBytes();
        }
    }
}
