package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clinicnode backup}, {@code backup verify} and {@code restore} as a technician runs them, in child JVMs against a
 * real node process: an online backup under steady writes restores to exactly the data its manifest records; a backup
 * of a quiet node, restored after the node's data directory is wiped, brings back the node's data checksum; a tampered
 * backup and a wrong passphrase are refused; a non-empty data directory is refused.
 */
class BackupRestoreTest {
    private static final String PASSPHRASE_ENV = "TEST_BACKUP_PASSPHRASE";
    private static final Map<String, String> PASSPHRASE = Map.of(PASSPHRASE_ENV, "clinica-backup-frase-longa");
    private static final java.util.regex.Pattern CHECKSUM = java.util.regex.Pattern.compile("data checksum ([0-9a-f]{64})");
    private static final Duration CLI_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void backsUpUnderWritesVerifiesAndRestoresTheSameChecksum() throws Exception {
        Path dataDir = work.resolve("node");
        Path backups = work.resolve("backups");
        Path config = TestNodes.fastLoginConfig(work);
        String checksumBefore;
        Path underWrites;
        Path quiet;
        try (NodeProcess node = start(dataDir, config)) {
            NodeClient api = NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
            for (int i = 1; i <= 20; i++) {
                assertThat(api.post("/api/patients", TestNodes.patient("bk" + i, i)).status()).isEqualTo(201);
            }
            // Desks keep registering patients while the backup runs.
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            Thread desk = Thread.ofPlatform().start(() -> {
                for (int i = 1000; writing.get(); i++) {
                    try {
                        if (api.post("/api/patients", TestNodes.patient("live" + i, i)).status() == 201) {
                            written.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            int before = written.get();
            List<String> output = new ArrayList<>();
            int exit = cli(output, "backup", "--data-dir", dataDir.toString(), "--to", backups.toString(),
                    "--passphrase-env", PASSPHRASE_ENV, "--keep", "5");
            int during = written.get() - before;
            writing.set(false);
            desk.join();
            assertThat(exit).as("backup under writes: %s", output).isZero();
            assertThat(output).anyMatch(line -> line.contains("Asking the running node"));
            assertThat(during).as("registrations acknowledged while the backup ran").isPositive();
            assertThat(failed.get()).as("registrations that failed while the backup ran").isZero();
            underWrites = onlyBackup(backups);
            assertThat(underWrites.getFileName().toString()).startsWith("clinicnode-backup-clinic-" + node.nodeId() + "-")
                    .endsWith(".cnb");
            assertThat(new String(Files.readAllBytes(underWrites), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("encrypted: no patient name in clear").doesNotContain(TestNodes.NAME_PREFIX.strip());

            checksumBefore = checksum(api, node.nodeId());
            Files.move(underWrites, work.resolve(underWrites.getFileName()));
            underWrites = work.resolve(underWrites.getFileName());
            assertThat(cli(output, "backup", "--data-dir", dataDir.toString(), "--to", backups.toString(),
                    "--passphrase-env", PASSPHRASE_ENV)).as("backup of the quiet node: %s", output).isZero();
            quiet = onlyBackup(backups);
            assertThat(node.stop(Duration.ofSeconds(30))).isEqualTo(NodeProcess.TERMINATED_EXIT_CODE);
        }

        List<String> output = new ArrayList<>();
        assertThat(cli(output, "backup", "verify", underWrites.toString(), "--passphrase-env", PASSPHRASE_ENV))
                .as("verify: %s", output).isZero();
        assertThat(output).anyMatch(line -> line.contains("is intact"));

        // The backup taken under writes restores to exactly the data checksum its manifest records.
        output.clear();
        assertThat(cli(output, "restore", underWrites.toString(), "--data-dir", work.resolve("under-writes").toString(),
                "--passphrase-env", PASSPHRASE_ENV)).as("restore of the backup under writes: %s", output).isZero();
        assertThat(output).anyMatch(line -> line.contains("the same as when it was backed up"));
        String manifestChecksum = output.stream().map(CHECKSUM::matcher).filter(java.util.regex.Matcher::find)
                .map(matcher -> matcher.group(1)).findFirst().orElseThrow();
        // A node started on it (replaying whatever its journal holds past its database) serves exactly that data.
        try (NodeProcess restored = start(work.resolve("under-writes"), config)) {
            NodeClient api = NodeClient.to(restored.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
            assertThat(checksum(api, restored.nodeId())).as("checksum of a node started on the backup taken under writes")
                    .isEqualTo(manifestChecksum);
        }

        // A wrong passphrase opens nothing.
        output.clear();
        assertThat(cliWith(Map.of(PASSPHRASE_ENV, "not-the-right-passphrase"), output, "backup", "verify", quiet.toString(),
                "--passphrase-env", PASSPHRASE_ENV)).isEqualTo(1);
        assertThat(output).anyMatch(line -> line.startsWith("ERROR: ") && line.contains("wrong passphrase"));

        // One byte changed in the middle of the file: verify and restore refuse it, and restore leaves nothing.
        Path tampered = work.resolve("tampered.cnb");
        Files.copy(quiet, tampered);
        try (RandomAccessFile file = new RandomAccessFile(tampered.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x01);
        }
        output.clear();
        assertThat(cli(output, "backup", "verify", tampered.toString(), "--passphrase-env", PASSPHRASE_ENV)).isEqualTo(1);
        assertThat(output).anyMatch(line -> line.startsWith("ERROR: ") && line.contains("damaged"));
        output.clear();
        Path refused = work.resolve("refused");
        assertThat(cli(output, "restore", tampered.toString(), "--data-dir", refused.toString(),
                "--passphrase-env", PASSPHRASE_ENV)).isEqualTo(1);
        assertThat(output).anyMatch(line -> line.startsWith("ERROR: ") && line.contains("Nothing was restored"));
        assertThat(refused).doesNotExist();

        // A data directory that is not empty is never restored into.
        output.clear();
        Path busy = Files.createDirectories(work.resolve("busy"));
        Files.writeString(busy.resolve("something"), "keep me");
        assertThat(cli(output, "restore", quiet.toString(), "--data-dir", busy.toString(),
                "--passphrase-env", PASSPHRASE_ENV)).isEqualTo(1);
        assertThat(output).anyMatch(line -> line.startsWith("ERROR: ") && line.contains("is not empty"));
        assertThat(Files.readString(busy.resolve("something"))).isEqualTo("keep me");

        // Wipe the node's data, restore the quiet backup there, start it: the same data checksum as before.
        io.clinicnode.appliance.backup.SnapshotFiles.deleteTree(dataDir);
        output.clear();
        assertThat(cli(output, "restore", quiet.toString(), "--root", "/nonexistent-is-not-used", "--data-dir",
                dataDir.toString(), "--passphrase-env", PASSPHRASE_ENV)).as("--root with --data-dir is refused").isEqualTo(1);
        output.clear();
        assertThat(cli(output, "restore", quiet.toString(), "--data-dir", dataDir.toString(),
                "--passphrase-env", PASSPHRASE_ENV)).as("restore after wipe: %s", output).isZero();
        try (NodeProcess node = start(dataDir, config)) {
            NodeClient api = NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
            assertThat(checksum(api, node.nodeId())).as("data checksum after wipe and restore").isEqualTo(checksumBefore);
            assertThat(api.get("/api/patients?q=" + NodeClient.queryParameter("bk7") + "&limit=5").json()
                    .getJsonArray("items")).as("search after restore").hasSize(1);
            assertThat(api.post("/api/patients", TestNodes.patient("after-restore", 999_999)).status())
                    .as("the restored node takes new writes").isEqualTo(201);
        }
    }

    /** The machine is shared: a node may take long to start while other builds run. */
    static NodeProcess start(Path dataDir, Path config) {
        return NodeProcess.builder(dataDir).adminPassword(TestNodes.ADMIN_PASSWORD).configFile(config)
                .readyTimeout(Duration.ofSeconds(120)).start();
    }

    private static Path onlyBackup(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> backups = files.filter(path -> path.toString().endsWith(".cnb")).toList();
            assertThat(backups).hasSize(1);
            return backups.getFirst();
        }
    }

    private static String checksum(NodeClient api, String nodeId) throws Exception {
        return TestCluster.checksums(api.get("/api/cluster").json()).get(nodeId);
    }

    private static int cli(List<String> output, String... args) {
        return cliWith(PASSPHRASE, output, args);
    }

    private static int cliWith(Map<String, String> environment, List<String> output, String... args) {
        return NodeProcess.runCli(List.of(args), environment, CLI_TIMEOUT, line -> {
            synchronized (output) {
                output.add(line);
            }
        });
    }
}
