package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.clinicnode.appliance.backup.SnapshotFiles;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member backed up online, then lost (data directory wiped) while the cluster goes on writing, is restored from the
 * backup and started again: it catches up from the backup's position and ends with the same data as the other member.
 */
class RestoredNodeCatchesUpTest {
    private static final String PASSPHRASE_ENV = "TEST_BACKUP_PASSPHRASE";
    private static final Map<String, String> PASSPHRASE = Map.of(PASSPHRASE_ENV, "clinica-backup-frase-longa");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void aRestoredMemberCatchesUpWithTheCluster() throws Exception {
        try (TestCluster cluster = new TestCluster(work, 2)) {
            List<NodeProcess> nodes = cluster.startAll();
            NodeProcess leader = nodes.get(0);
            NodeClient api = TestCluster.admin(leader);
            for (int i = 1; i <= 10; i++) {
                assertThat(api.post("/api/patients", TestNodes.patient("before" + i, i)).status()).isEqualTo(201);
            }
            TestCluster.awaitCluster(leader, report -> TestCluster.converged(report, 2), Duration.ofSeconds(60));

            Path member = work.resolve("node-1");
            List<String> output = new ArrayList<>();
            assertThat(cli(output, "backup", "--data-dir", member.toString(), "--to", work.resolve("backups").toString(),
                    "--passphrase-env", PASSPHRASE_ENV)).as("online backup of the member: %s", output).isZero();
            Path backup;
            try (Stream<Path> files = Files.list(work.resolve("backups"))) {
                backup = files.filter(path -> path.toString().endsWith(".cnb")).findFirst().orElseThrow();
            }
            for (int i = 11; i <= 20; i++) {
                assertThat(api.post("/api/patients", TestNodes.patient("after" + i, i)).status()).isEqualTo(201);
            }
            nodes.get(1).stop(Duration.ofSeconds(30));
            for (int i = 21; i <= 30; i++) {
                assertThat(api.post("/api/patients", TestNodes.patient("whileoff" + i, i)).status()).isEqualTo(201);
            }

            SnapshotFiles.deleteTree(member);
            output.clear();
            assertThat(cli(output, "restore", backup.toString(), "--data-dir", member.toString(),
                    "--passphrase-env", PASSPHRASE_ENV)).as("restore: %s", output).isZero();
            NodeProcess restored = cluster.start(1);
            assertThat(restored.nodeId()).as("the restored member keeps its identity").isEqualTo(nodes.get(1).nodeId());
            TestCluster.awaitCluster(leader, report -> TestCluster.converged(report, 2), Duration.ofSeconds(90));
            NodeClient onRestored = api.at(restored.baseUri());
            assertThat(onRestored.get("/api/patients?q=" + NodeClient.queryParameter("whileoff25") + "&limit=5").json()
                    .getJsonArray("items")).as("a patient written while the member was lost").hasSize(1);
        }
    }

    private static int cli(List<String> output, String... args) {
        return NodeProcess.runCli(List.of(args), PASSPHRASE, Duration.ofSeconds(180), line -> {
            synchronized (output) {
                output.add(line);
            }
        });
    }
}
