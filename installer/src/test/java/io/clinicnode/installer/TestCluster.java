package io.clinicnode.installer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

/**
 * A clinic cluster of real node processes on loopback for tests: one {@code cluster-init} directory, a cluster port
 * per member, every member listing every port as its peers. Close it to kill whatever is still running.
 */
final class TestCluster implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Path work;
    private final Path clusterDir;
    private final Path config;
    private final List<Integer> ports = new ArrayList<>();
    private final String peers;
    private final List<NodeProcess> started = new ArrayList<>();

    TestCluster(Path work, int size) throws IOException {
        this.work = work;
        this.clusterDir = work.resolve("clinic-cluster");
        ClusterInit.create(clusterDir);
        this.config = TestNodes.fastLoginConfig(work);
        for (int i = 0; i < size; i++) {
            ports.add(freeClusterPort());
        }
        this.peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** Starts member {@code index} (0-based) on its own data directory, or restarts it on the same one. */
    NodeProcess start(int index) {
        NodeProcess node = NodeProcess.builder(work.resolve("node-" + index))
                .adminPassword(TestNodes.ADMIN_PASSWORD)
                .configFile(config)
                .arguments(List.of("--cluster-dir", clusterDir.toString(), "--cluster-port", Integer.toString(ports.get(index)),
                        "--peers", peers))
                .readyTimeout(Duration.ofSeconds(60))
                .start();
        synchronized (started) {
            started.add(node);
        }
        return node;
    }

    /** Starts every member, the first alone (it founds the cluster and creates the admin), then the others. */
    List<NodeProcess> startAll() {
        List<NodeProcess> nodes = new ArrayList<>();
        nodes.add(start(0));
        for (int i = 1; i < ports.size(); i++) {
            nodes.add(start(i));
        }
        return nodes;
    }

    static NodeClient admin(NodeProcess node) throws IOException {
        return NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
    }

    /** Polls the node's {@code /api/cluster} until the report satisfies {@code reached}. */
    static JsonObject awaitCluster(NodeProcess node, Predicate<JsonObject> reached, Duration timeout)
            throws IOException, InterruptedException {
        NodeClient admin = admin(node);
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonObject report = null;
        while (System.nanoTime() < deadline) {
            NodeClient.Response response = admin.get("/api/cluster");
            if (response.status() == 200) {
                report = response.json();
                if (reached.test(report)) {
                    return report;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("Within " + timeout + " the cluster as " + node.nodeId() + " sees it did not reach the"
                + " expected state; last: " + report);
    }

    /** Every member's (nodeId → checksum) in a report, for members that answered. */
    static Map<String, String> checksums(JsonObject report) {
        return report.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                .filter(member -> member.getBoolean("reachable"))
                .collect(Collectors.toMap(member -> member.getString("nodeId"), member -> member.getString("checksum")));
    }

    /** Whether the report lists {@code size} reachable members that all hold the same data. */
    static boolean converged(JsonObject report, int size) {
        Map<String, String> checksums = checksums(report);
        return checksums.size() == size && checksums.values().stream().distinct().count() == 1;
    }

    @Override
    public void close() {
        List<NodeProcess> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        all.parallelStream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
    }

    /** A port P such that P, failure detection's P+100, P+101 and the shared state's P+200 are free on loopback right now. */
    static int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (port + 200 <= 65_535 && isFree(port + 100) && isFree(port + 101) && isFree(port + 200)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port for a cluster member.");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
