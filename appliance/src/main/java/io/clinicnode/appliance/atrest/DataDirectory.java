package io.clinicnode.appliance.atrest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;

import org.tinylog.Logger;

/**
 * A node's data directory as far as its protection goes: private to the node's user (see {@link PrivateFiles}), and
 * either encrypted with a {@link DataKey} or not, decided once when the directory is created. An encrypted directory
 * keeps the key's {@linkplain DataKey#checkValue() check value} in {@value #KEY_CHECK_FILE}, so that starting it
 * without its key, or with another key, is refused with a sentence instead of failing deep inside H2 or the journal.
 *
 * <p>Immutable and thread-safe.
 */
public final class DataDirectory {
    /** File in an encrypted data directory naming its key by check value (not secret). */
    public static final String KEY_CHECK_FILE = "data-key.check";

    private final Path path;
    private final Optional<DataKey> key;

    private DataDirectory(Path path, Optional<DataKey> key) {
        this.path = path;
        this.key = key;
    }

    /**
     * Prepares {@code path} (created private, or refused when others may read it) and checks {@code keyFile} against
     * it: a new directory is encrypted exactly when a key is given; an existing one needs the key it was created with,
     * and none when it was created without.
     */
    public static DataDirectory open(Path path, Optional<Path> keyFile) {
        keyFile.ifPresent(file -> refuseInside(path, file));
        boolean isNew = !Files.exists(path) || isEmpty(path);
        PrivateFiles.prepareDataDirectory(path);
        Optional<DataKey> key = keyFile.map(DataKey::load);
        Path check = path.resolve(KEY_CHECK_FILE);
        if (Files.exists(check)) {
            String expected = read(check);
            DataKey given = key.orElseThrow(() -> new ApplianceException("The data directory " + path + " is encrypted;"
                    + " start the node with --data-key FILE, the key it was created with."));
            if (!given.checkValue().equals(expected)) {
                throw new ApplianceException("The data key " + given.file() + " does not open the data directory " + path
                        + ": it was encrypted with another key (check value " + expected + "). Give the key it was"
                        + " created with; without it the data cannot be read.");
            }
        } else if (key.isPresent()) {
            if (!isNew) {
                throw new ApplianceException("The data directory " + path + " was created without encryption, and a data"
                        + " key cannot be added to it in place. Start it without --data-key, or start a new data directory"
                        + " with the key and let it catch up from the cluster (or restore a backup into it).");
            }
            write(check, key.get().checkValue());
        }
        if (key.isEmpty()) {
            Logger.warn("The data directory {} is NOT encrypted (no --data-key): a copy of its files or of its disk"
                    + " reveals every patient. See docs/OPERATIONS.md, \"Data directory\".", path);
        } else {
            Logger.info("The data directory {} is encrypted with the data key {}", path, key.get().file());
        }
        return new DataDirectory(path, key);
    }

    public Path path() {
        return path;
    }

    /** The key the database and the journal are encrypted with; empty when they are not. */
    public Optional<DataKey> key() {
        return key;
    }

    public boolean encrypted() {
        return key.isPresent();
    }

    /** A key in the data directory would travel with every copy of it, and protect nothing. */
    private static void refuseInside(Path dataDir, Path keyFile) {
        Path directory = dataDir.toAbsolutePath().normalize();
        if (keyFile.toAbsolutePath().normalize().startsWith(directory)) {
            throw new ApplianceException("The data key " + keyFile + " is inside the data directory " + dataDir
                    + "; keep it outside (e.g. /etc/clinicnode/data.key), or every copy of the data carries its key.");
        }
    }

    private static boolean isEmpty(Path path) {
        try (var entries = Files.list(path)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new ApplianceException("Cannot read the data directory " + path + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new ApplianceException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String value) {
        try {
            PrivateFiles.writeNew(file, (value + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ApplianceException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
