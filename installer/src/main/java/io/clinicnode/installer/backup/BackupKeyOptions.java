package io.clinicnode.installer.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.backup.BackupCipher.KeySource;

import picocli.CommandLine.Option;

/**
 * How a backup is encrypted: {@code --backup-key FILE} (256 bits in base64, mode 600, made with
 * {@code clinicnode data-key create FILE}) or {@code --passphrase-env VAR} (the passphrase in that environment variable,
 * never on the command line). Without either, {@code CONFIG_DIR/backup.key} when it exists.
 */
public final class BackupKeyOptions {
    /** The backup key's usual place in the configuration directory. */
    public static final String DEFAULT_KEY_FILE = "backup.key";

    @Option(names = "--backup-key", paramLabel = "FILE", description = "The clinic's backup key (256 bits, base64, mode 600;"
            + " make one with `clinicnode data-key create FILE`). Default: CONFIG_DIR/" + DEFAULT_KEY_FILE + " if it exists.")
    Path keyFile;

    @Option(names = "--passphrase-env", paramLabel = "VAR", description = "Environment variable holding a passphrase to"
            + " encrypt with instead (PBKDF2-HMAC-SHA256, 600,000 iterations, random salt).")
    String passphraseEnv;

    /** The key to use; {@code configDir} gives the default key file. */
    public KeySource source(Path configDir) {
        if (keyFile != null && passphraseEnv != null) {
            throw new IllegalArgumentException("Give --backup-key or --passphrase-env, not both.");
        }
        if (passphraseEnv != null) {
            String value = System.getenv(passphraseEnv);
            if (value == null || value.isEmpty()) {
                throw new InstallerException("The environment variable " + passphraseEnv + " (--passphrase-env) is not set.");
            }
            if (value.length() < 12) {
                throw new InstallerException("The backup passphrase in " + passphraseEnv + " is shorter than 12 characters;"
                        + " use a longer one.");
            }
            return new BackupCipher.Passphrase(value.toCharArray());
        }
        Path file = keyFile != null ? keyFile : configDir.resolve(DEFAULT_KEY_FILE);
        if (!Files.isRegularFile(file)) {
            throw new InstallerException(keyFile != null
                    ? "The backup key " + file + " does not exist; make one with `clinicnode data-key create " + file + "`."
                    : "No backup key: give --backup-key FILE or --passphrase-env VAR (or put the clinic's key in " + file + ").");
        }
        try {
            if (PrivateFiles.isShared(file)) {
                throw new InstallerException("The backup key " + file + " may be read by other users (mode "
                        + PrivateFiles.mode(file) + "); run: chmod 600 " + file);
            }
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length != 32) {
                throw new InstallerException("The backup key " + file + " must hold a 256-bit key in base64.");
            }
            return new BackupCipher.KeyFile(key);
        } catch (IllegalArgumentException e) {
            throw new InstallerException("The backup key " + file + " must hold a 256-bit key in base64, but it is not base64.");
        } catch (IOException e) {
            throw new InstallerException("Cannot read the backup key " + file + ": " + e.getMessage(), e);
        }
    }
}
