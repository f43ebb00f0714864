package io.clinicnode.appliance.atrest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

import io.clinicnode.appliance.ApplianceException;

/**
 * Keeps the node's data directory private to the user the node runs as: directories 700, files 600. Java cannot set
 * a umask, so directories are created with their mode, and files that libraries create (H2, Chronicle Queue) are
 * narrowed after they appear. On file systems without POSIX permissions every method does nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_AND_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {
    }

    /**
     * Makes sure {@code dataDir} is a private directory before anything is written to it: a missing one is created
     * with mode 700, an empty one is narrowed to 700, and one that holds data while group or others may enter it is
     * refused with the {@code chmod} that fixes it (its files may already have been read; the technician decides).
     * Then every file and directory under it is narrowed, so that files left by an older version become private too.
     */
    public static void prepareDataDirectory(Path dataDir) {
        try {
            if (!Files.exists(dataDir)) {
                createDirectories(dataDir);
                return;
            }
            if (!Files.isDirectory(dataDir)) {
                throw new ApplianceException("The data directory " + dataDir + " is not a directory; give --data-dir a"
                        + " directory (it is created when missing).");
            }
            if (isShared(dataDir)) {
                if (!isEmpty(dataDir)) {
                    Path absolute = dataDir.toAbsolutePath().normalize();
                    throw new ApplianceException("The data directory " + absolute + " is readable by other users; run:"
                            + " chmod -R go-rwx " + absolute);
                }
                narrow(dataDir);
            }
            narrowTree(dataDir);
        } catch (IOException e) {
            throw new ApplianceException("Cannot make the data directory " + dataDir + " private: " + e.getMessage(), e);
        }
    }

    /** Creates {@code directory} and its missing parents with mode 700 (an existing one is left as it is). */
    public static void createDirectories(Path directory) throws IOException {
        if (POSIX) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
        } else {
            Files.createDirectories(directory);
        }
    }

    /** Narrows every directory (to 700 at most) and file (to 600 at most) under and including {@code root}. */
    public static void narrowTree(Path root) {
        if (!POSIX || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.forEach(PrivateFiles::narrowQuietly);
        } catch (IOException | RuntimeException e) {
            throw new ApplianceException("Cannot make the files under " + root + " private: " + e.getMessage()
                    + ". Check that they belong to the user the node runs as.", e);
        }
    }

    /** Takes every group and others permission off one file or directory; a file that has vanished is skipped. */
    public static void narrow(Path path) throws IOException {
        if (!POSIX || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(path)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        if (permissions.removeAll(GROUP_AND_OTHERS)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    /** Whether group or others have any permission on {@code path} (always false without POSIX permissions). */
    public static boolean isShared(Path path) throws IOException {
        if (!POSIX) {
            return false;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
        permissions.retainAll(GROUP_AND_OTHERS);
        return !permissions.isEmpty();
    }

    /** Writes a new file with mode 600 from its first byte on; refuses to overwrite one. */
    public static void writeNew(Path file, byte[] content) throws IOException {
        if (POSIX) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_FILE));
        } else {
            Files.createFile(file);
        }
        Files.write(file, content);
    }

    /** The mode as {@code ls} shows it, e.g. {@code rw-r--r--}. */
    public static String mode(Path path) throws IOException {
        return POSIX ? PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) : "n/a";
    }

    private static void narrowQuietly(Path path) {
        try {
            narrow(path);
        } catch (NoSuchFileException e) {
            // Deleted while walking (H2 and Chronicle remove temporary files): nothing left to protect.
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }
}
