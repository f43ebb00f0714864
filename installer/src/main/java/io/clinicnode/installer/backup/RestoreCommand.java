package io.clinicnode.installer.backup;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.backup.SnapshotFiles;
import io.clinicnode.appliance.backup.SnapshotRestore;
import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.DataLocation;
import io.clinicnode.installer.InstallerException;

import jakarta.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode restore FILE}: checks the backup, then restores it into an empty data directory and checks that the
 * result holds the data checksum the backup recorded. The node keeps the identity (node id) of the one backed up: it
 * replaces that node, and must not run beside it. Anything made is removed again when the restore fails.
 */
@Command(name = "restore", description = "Restore a backup into an empty data directory.")
public final class RestoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file (.cnb).")
    Path file;

    @Mixin
    DataLocation location;

    @Mixin
    BackupKeyOptions key;

    @Option(names = "--data-key", paramLabel = "FILE", description = "The data key of the node backed up, when it encrypted its data.")
    Path dataKey;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InstallerException("The backup file " + file + " does not exist.");
        }
        Path dataDir = location.dataDir();
        boolean existed = Files.exists(dataDir);
        if (existed && !isEmpty(dataDir)) {
            throw new InstallerException("The data directory " + dataDir + " is not empty; restore only into an empty"
                    + " (or new) data directory, so no clinic data is overwritten.");
        }
        BackupCipher.KeySource source = key.source(location.configDir());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        PrivateFiles.createDirectories(dataDir.toAbsolutePath().getParent());
        Path work = Files.createTempDirectory(dataDir.toAbsolutePath().getParent(), ".clinicnode-restore-");
        boolean done = false;
        try {
            PrivateFiles.narrow(work);
            err.println("Checking and unpacking " + file.getFileName() + "...");
            err.flush();
            BackupArchive.Checked checked;
            try {
                checked = BackupArchive.read(file, source, work);
            } catch (BackupCipher.BackupDamaged e) {
                throw new InstallerException(file.getFileName() + ": " + e.getMessage() + " Nothing was restored.");
            }
            JsonObject manifest = checked.manifest();
            ProgressLine progress = new ProgressLine(err, "Journal");
            SnapshotRestore.Restored restored = SnapshotRestore.restore(work, checked.snapshotInfo(), dataDir,
                    Optional.ofNullable(dataKey), count -> progress.count(count, "events"));
            if (!restored.dataChecksum().equals(manifest.getString("dataChecksum"))) {
                throw new InstallerException("The restored data's checksum " + restored.dataChecksum() + " differs from the"
                        + " backup's " + manifest.getString("dataChecksum") + "; nothing was kept.");
            }
            done = true;
            out.printf("Restored node %s of clinic %s into %s: %,d journal events, data checksum %s (the same as when it"
                            + " was backed up) in %.1f s. Start the node on it; in a cluster it catches up from there.%n",
                    manifest.getString("nodeId"), manifest.getString("clinicId"), dataDir, restored.journalEvents(),
                    restored.dataChecksum(), (System.nanoTime() - started) / 1e9);
            return ClinicNodeCli.OK;
        } finally {
            SnapshotFiles.deleteTree(work);
            if (!done) {
                clear(dataDir, existed);
            }
        }
    }

    /** Removes what a failed restore made: the directory's content (it was empty), or the directory itself. */
    private static void clear(Path dataDir, boolean existed) throws IOException {
        if (!Files.exists(dataDir)) {
            return;
        }
        if (!existed) {
            SnapshotFiles.deleteTree(dataDir);
            return;
        }
        try (Stream<Path> children = Files.list(dataDir)) {
            children.forEach(SnapshotFiles::deleteTree);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new InstallerException(dir + " is not a directory.");
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
