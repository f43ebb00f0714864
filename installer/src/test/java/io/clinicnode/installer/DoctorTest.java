package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.backup.NodeLocalService;
import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clinicnode doctor} in a child JVM against real node processes: a healthy node passes; a closed port and a
 * member whose clock is 30 s off fail, each with its fix, and exit code 1.
 *
 * <p>The skewed member is honest about how it is skewed: it runs with the test hook
 * {@value NodeLocalService#CLOCK_OFFSET_PROPERTY}, which shifts only the time it reports at {@code /node/time} (what
 * doctor reads), not the machine's clock.
 */
class DoctorTest {
    @TempDir
    Path work;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void findsAClosedPortAndASkewedClock() throws Exception {
        Path config = TestNodes.fastLoginConfig(work);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (NodeProcess healthy = BackupRestoreTest.start(work.resolve("a"), config);
             NodeProcess skewed = NodeProcess.builder(work.resolve("b")).adminPassword(TestNodes.ADMIN_PASSWORD)
                     .configFile(config).readyTimeout(Duration.ofSeconds(120))
                     .jvmOption("-D" + NodeLocalService.CLOCK_OFFSET_PROPERTY + "=30000").start()) {
            String healthyPort = Integer.toString(healthy.baseUri().getPort());
            List<String> output = new ArrayList<>();
            // --peers: the members are listed, so the box's multicast (which a CI container may block) is not needed.
            int exit = cli(output, "doctor", "--data-dir", healthy.dataDir().toString(), "--peers", "127.0.0.1:" + healthyPort);
            assertThat(exit).as("doctor on a healthy node: %s", output).isZero();
            assertThat(output).anyMatch(line -> line.startsWith("OK      port 127.0.0.1:" + healthyPort));
            assertThat(output).anyMatch(line -> line.startsWith("OK      clock skew"));
            assertThat(output).anyMatch(line -> line.startsWith("OK      journal and database: In step"));
            assertThat(output).anyMatch(line -> line.startsWith("OK      permissions"));

            output.clear();
            exit = cli(output, "doctor", "--data-dir", healthy.dataDir().toString(), "--peers", "127.0.0.1:" + healthyPort,
                    "--node", skewed.baseUri().toString(), "--node", "http://127.0.0.1:" + closedPort);
            assertThat(exit).as("doctor with a closed port and a skewed member: %s", output).isEqualTo(1);
            assertThat(output).anyMatch(line -> line.startsWith("FAIL    port 127.0.0.1:" + closedPort)
                    && line.contains("is closed") && line.contains("Fix: Start the node"));
            assertThat(output).anyMatch(line -> line.startsWith("FAIL    clock skew") && line.contains(skewed.nodeId())
                    && line.contains("Fix: Turn on time synchronisation"));
            assertThat(output).anyMatch(line -> line.startsWith("OK      port 127.0.0.1:" + skewed.baseUri().getPort()));

            output.clear();
            assertThat(cli(output, "doctor", "--json", "--data-dir", healthy.dataDir().toString(), "--peers",
                    "127.0.0.1:" + healthyPort, "--node", "http://127.0.0.1:" + closedPort)).isEqualTo(1);
            assertThat(output).anyMatch(line -> line.startsWith("{\"ok\":false,\"checks\":["));
        }
    }

    private static int cli(List<String> output, String... args) {
        return NodeProcess.runCli(List.of(args), Map.of(), Duration.ofSeconds(120), line -> {
            synchronized (output) {
                output.add(line);
            }
        });
    }
}
