package io.clinicnode.cluster.internal;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files only their owner may read: directories 700, files 600 (on file systems without POSIX permissions
 * the modes are skipped). Stateless and thread-safe.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private PrivateFiles() {
    }

    /** Creates the directory (and missing parents) or narrows an existing one to mode 700. */
    public static void createDirectory(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            if (POSIX) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } else {
                Files.createDirectories(directory);
            }
        }
        if (POSIX) {
            Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
        }
    }

    /** Writes a new file with mode 600 from the first byte on; refuses to overwrite. */
    public static void write(Path file, byte[] content) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Whether group or others may read or write the file (always false without POSIX permissions). */
    public static boolean isShared(Path file) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        permissions.retainAll(OTHERS);
        return !permissions.isEmpty();
    }

    public static String mode(Path file) throws IOException {
        return POSIX ? PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) : "n/a";
    }
}
