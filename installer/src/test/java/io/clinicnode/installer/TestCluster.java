package io.clinicnode.installer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.clinicnode.installer.process.LocalCluster;
import io.clinicnode.appliance.testing.Eventually;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

/**
 * A clinic cluster of real node processes on loopback for tests ({@link LocalCluster} with the tests' admin password
 * and fast logins), and what the tests ask of it. Close it to kill whatever is still running.
 */
final class TestCluster implements AutoCloseable {
    static final Duration DEADLINE = Duration.ofSeconds(30);

    private final LocalCluster cluster;

    TestCluster(Path work, int size) throws IOException {
        this(work, size, TestNodes.fastLoginConfig(work), List.of());
    }

    /** Members with the given node configuration file and further node options. */
    TestCluster(Path work, int size, Path config, List<String> arguments) {
        this.cluster = new LocalCluster(work, size, TestNodes.ADMIN_PASSWORD, config, Duration.ofSeconds(60)).arguments(arguments);
    }

    /** Starts member {@code index} (0-based) on its own data directory, or restarts it on the same one. */
    NodeProcess start(int index) {
        return cluster.start(index);
    }

    /** Starts every member, the first alone (it founds the cluster and creates the admin), then the others. */
    List<NodeProcess> startAll() {
        return cluster.startAll();
    }

    static NodeClient admin(NodeProcess node) throws IOException {
        return NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
    }
    /** Polls the node's {@code /api/cluster} until the report satisfies {@code reached}. */
    static JsonObject awaitCluster(NodeProcess node, Predicate<JsonObject> reached, Duration timeout) throws IOException {
        return awaitCluster(admin(node), reached, "the cluster as " + node.nodeId() + " sees it", timeout);
    }

    /** Polls {@code /api/cluster} through {@code admin} until the report satisfies {@code reached}; returns it. */
    static JsonObject awaitCluster(NodeClient admin, Predicate<JsonObject> reached, String what, Duration timeout) {
        return Eventually.await(what + " (from " + admin.baseUri() + ")", timeout, () -> {
            NodeClient.Response response = admin.get("/api/cluster");
            if (response.status() != 200) {
                throw new IllegalStateException(response.toString());
            }
            return response.json();
        }, reached);
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
        cluster.close();
    }
}
