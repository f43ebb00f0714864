package io.clinicnode.installer.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.backup.StoppedNode;
import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.DataLocation;
import io.clinicnode.installer.box.BoxLayout;
import io.clinicnode.installer.InstallerException;

import jakarta.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode backup}: an encrypted, checksummed snapshot of a node into one file
 * {@code clinicnode-backup-CLINIC-NODE-TIMESTAMP.cnb}. A running node (found by its {@code local-access.json}) makes the
 * snapshot itself, online and consistent; a stopped node's files are opened directly.
 */
@Command(name = "backup", description = "Back up a node (online when it runs) into one encrypted file.",
        subcommands = BackupCommand.Verify.class)
public final class BackupCommand implements Callable<Integer> {
    static final String PREFIX = "clinicnode-backup-";
    static final String SUFFIX = ".cnb";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    @Mixin
    DataLocation location;

    @Mixin
    BackupKeyOptions key;

    @Option(names = "--to", paramLabel = "DIR", description = "Directory for the backup file (default ROOT/var/backups/clinicnode).")
    Path to;

    @Option(names = "--keep", paramLabel = "N", description = "Keep only the newest N backups of this node in DIR (deletes older ones).")
    Integer keep;

    @Option(names = "--data-key", paramLabel = "FILE", description = "The node's data key, when its data is encrypted and the node is stopped.")
    Path dataKey;

    @Option(names = "--country", defaultValue = "BR", hidden = true, description = "The node's country (stopped nodes: replays the journal).")
    String country;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (keep != null && keep < 1) {
            throw new IllegalArgumentException("--keep must be at least 1.");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dataDir = location.dataDir();
        BackupCipher.KeySource source = key.source(location.configDir());
        Path directory = to != null ? to : location.root().resolve("var/backups/clinicnode");
        PrivateFiles.createDirectories(directory);
        Path partial = Files.createTempFile(directory, ".clinicnode-backup-", ".partial");
        long started = System.nanoTime();
        ProgressLine progress = new ProgressLine(err, "Backup");
        JsonObject manifest;
        try {
            Optional<LocalNode> running = LocalNode.find(dataDir);
            try (OutputStream file = Files.newOutputStream(partial, StandardOpenOption.TRUNCATE_EXISTING)) {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                if (running.isPresent()) {
                    err.println("Asking the running node at " + running.get().url() + " for a consistent snapshot...");
                    err.flush();
                    try (InputStream snapshot = running.get().snapshot()) {
                        manifest = BackupArchive.write(snapshot, file, source, progress::bytes);
                    }
                } else {
                    err.println("No node runs on " + dataDir + "; backing up its files directly.");
                    err.flush();
                    manifest = offline(dataDir, file, source, progress);
                }
            }
            String name = PREFIX + manifest.getString("clinicId") + "-" + manifest.getString("nodeId") + "-"
                    + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)) + SUFFIX;
            Path target = directory.resolve(name);
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target);
            }
            out.printf("Backed up node %s of clinic %s (%,d journal events, data checksum %s) to %s (%.1f MB) in %.1f s.%n",
                    manifest.getString("nodeId"), manifest.getString("clinicId"),
                    manifest.getJsonNumber("journalEvents").longValue(), manifest.getString("dataChecksum"), target,
                    Files.size(target) / 1e6, (System.nanoTime() - started) / 1e9);
            if (keep != null) {
                for (Path old : Retention.olderThanNewest(directory, manifest.getString("clinicId"),
                        manifest.getString("nodeId"), keep)) {
                    Files.delete(old);
                    out.println("Deleted the older backup " + old.getFileName() + " (--keep " + keep + ").");
                }
            }
            return ClinicNodeCli.OK;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A stopped node: opened here, snapshot written through a pipe into the encrypting archive. */
    private JsonObject offline(Path dataDir, OutputStream file, BackupCipher.KeySource source, ProgressLine progress)
            throws Exception {
        try (StoppedNode node = StoppedNode.open(dataDir, Optional.ofNullable(dataKey))) {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream pipe = new PipedOutputStream(in);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().name("snapshot-writer").start(() -> {
                try (pipe) {
                    node.snapshot(country, pipe);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            JsonObject manifest;
            try {
                manifest = BackupArchive.write(in, file, source, progress::bytes);
            } catch (IOException e) {
                writer.join();
                if (failure.get() != null) {
                    throw new InstallerException("The snapshot failed: " + failure.get().getMessage(), failure.get());
                }
                throw e;
            }
            writer.join();
            if (failure.get() != null) {
                throw new InstallerException("The snapshot failed: " + failure.get().getMessage(), failure.get());
            }
            return manifest;
        }
    }

    /** Which backups {@code --keep N} deletes: this node's, by name (their time stamps sort), all but the newest N. */
    static final class Retention {
        private Retention() {
        }

        static List<Path> olderThanNewest(Path directory, String clinic, String node, int keep) throws IOException {
            String prefix = PREFIX + clinic + "-" + node + "-";
            try (Stream<Path> files = Files.list(directory)) {
                List<Path> mine = files.filter(path -> {
                    String name = path.getFileName().toString();
                    return name.startsWith(prefix) && name.endsWith(SUFFIX);
                }).sorted().toList();
                return mine.subList(0, Math.max(0, mine.size() - keep));
            }
        }
    }

    /** {@code clinicnode backup verify FILE}: decrypts and checks every checksum; exit 1 with a sentence on damage. */
    @Command(name = "verify", description = "Check that a backup file is intact and opens with the key.")
    static final class Verify implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "FILE", description = "The backup file (.cnb).")
        Path file;

        @Mixin
        BackupKeyOptions key;

        @Option(names = "--root", paramLabel = "DIR", description = "File-system root (for the default backup key in ROOT/etc/clinicnode).")
        Path root;

        @Option(names = "--json", description = "Print the manifest as JSON.")
        boolean json;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(file)) {
                throw new InstallerException("The backup file " + file + " does not exist.");
            }
            BackupCipher.KeySource source = key.source(BoxLayout.of(root != null ? root : Path.of("/")).configDir());
            BackupArchive.Checked checked;
            try {
                checked = BackupArchive.read(file, source, null);
            } catch (BackupCipher.BackupDamaged e) {
                throw new InstallerException(file.getFileName() + ": " + e.getMessage());
            }
            JsonObject manifest = checked.manifest();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(manifest);
            } else {
                out.printf("%s is intact: node %s of clinic %s, taken %s, %,d journal events, data checksum %s.%n",
                        file.getFileName(), manifest.getString("nodeId"), manifest.getString("clinicId"),
                        manifest.getString("takenAt"), manifest.getJsonNumber("journalEvents").longValue(),
                        manifest.getString("dataChecksum"));
            }
            return ClinicNodeCli.OK;
        }
    }
}
