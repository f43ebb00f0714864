package io.clinicnode.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.clinicnode.appliance.atrest.PrivateFiles;

/** Small file helpers of the backup: unzipping (refusing entries that escape), deleting a tree. */
public final class SnapshotFiles {
    private SnapshotFiles() {
    }

    /** Unzips {@code zipFile} into {@code directory} (created private). */
    public static void unzip(Path zipFile, Path directory) throws IOException {
        try (InputStream in = Files.newInputStream(zipFile)) {
            unzip(in, directory);
        }
    }

    /** Unzips the zip read from {@code in} into {@code directory} (created private); an entry naming a path outside it is refused. */
    public static void unzip(InputStream in, Path directory) throws IOException {
        PrivateFiles.createDirectories(directory);
        Path root = directory.toAbsolutePath().normalize();
        ZipInputStream zip = new ZipInputStream(in);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            Path target = root.resolve(entry.getName()).normalize();
            if (!target.startsWith(root) || target.equals(root)) {
                throw new IOException("The archive entry " + entry.getName() + " points outside " + directory);
            }
            if (entry.isDirectory()) {
                PrivateFiles.createDirectories(target);
                continue;
            }
            PrivateFiles.createDirectories(target.getParent());
            Files.copy(zip, target);
            PrivateFiles.narrow(target);
        }
    }

    /** Deletes {@code root} and everything under it, if it exists. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + root + ": " + e.getMessage(), e);
        }
    }
}
