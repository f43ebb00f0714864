package io.clinicnode.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.process.LocalCluster;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real node processes with cluster directories on loopback: one cluster of three led by the oldest, the next oldest
 * leading after the leader is SIGKILLed, a node of another clinic kept out (of the view and of the shared state), and
 * a wrong cluster directory refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterNodesTest {
    private static final String ADMIN_PASSWORD = "admin-secret-1";
    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private final List<NodeProcess> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.reversed().parallelStream().forEach(node -> {
            if (node.isAlive()) {
                node.kill();
            }
        });
    }

    @Test
    void threeNodesFormOneClusterLedByTheOldestTheNextOldestTakesOverAndAnotherClinicStaysOut() throws Exception {
        Path clinic = temp.resolve("clinic");
        ClusterInit.create(clinic);
        Path otherClinic = temp.resolve("other-clinic");
        ClusterInit.create(otherClinic);
        Path config = Files.writeString(temp.resolve("node.yaml"), "clinicnode:\n  password-iterations: 1000\n");
        List<Integer> ports = List.of(freeClusterPort(), freeClusterPort(), freeClusterPort(), freeClusterPort());
        // The intruder is in everyone's peer list, so the others do try to talk to it.
        String peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));

        NodeProcess oldest = start("a", clinic, ports.get(0), peers, config);
        CompletableFuture<NodeProcess> second = CompletableFuture.supplyAsync(() -> start("b", clinic, ports.get(1), peers, config));
        CompletableFuture<NodeProcess> third = CompletableFuture.supplyAsync(() -> start("c", clinic, ports.get(2), peers, config));
        CompletableFuture<NodeProcess> intruder = CompletableFuture.supplyAsync(() -> start("x", otherClinic, ports.get(3), peers, config));
        List<NodeProcess> members = List.of(oldest, second.join(), third.join());
        List<String> memberIds = members.stream().map(NodeProcess::nodeId).toList();
        NodeProcess outsider = intruder.join();

        List<String> joinOrder = List.of();
        for (NodeProcess node : members) {
            JsonObject view = awaitView(node, cluster -> memberIds(cluster).size() == 3);
            assertThat(memberIds(view)).containsExactlyInAnyOrderElementsOf(memberIds).startsWith(oldest.nodeId());
            // b and c start together, so which of them is older is only known from the view itself.
            joinOrder = memberIds(view);
            assertThat(view.getString("leader")).isEqualTo(oldest.nodeId());
            assertThat(view.getString("self")).isEqualTo(node.nodeId());
            for (JsonObject member : view.getJsonArray("members").getValuesAs(JsonObject.class)) {
                assertThat(member.getBoolean("reachable")).as("%s in %s", member, view).isTrue();
                assertThat(member.getString("checksum")).matches("[0-9a-f]{64}");
                assertThat(member.getJsonObject("journal").keySet()).as("the founder made the first events").contains(oldest.nodeId());
                assertThat(member.getString("httpUrl")).startsWith("http://127.0.0.1:");
                assertThat(member.getBoolean("leader")).isEqualTo(member.getString("nodeId").equals(oldest.nodeId()));
                assertThat(member.getBoolean("self")).isEqualTo(member.getString("nodeId").equals(node.nodeId()));
            }
        }
        assertThat(memberIds(awaitView(outsider, cluster -> true))).containsExactly(outsider.nodeId());
        // Shared state (Hazelcast) follows the view: the three members share one, the other clinic's node has its own.
        for (NodeProcess node : members) {
            TestNodes.awaitSharedMembers(node, count -> count == 3, DEADLINE);
        }
        TestNodes.awaitSharedMembers(outsider, count -> count == 1, DEADLINE);

        oldest.kill();

        List<String> survivors = joinOrder.subList(1, 3);
        for (NodeProcess node : members.subList(1, 3)) {
            JsonObject view = awaitView(node, cluster -> memberIds(cluster).equals(survivors), Duration.ofSeconds(15));
            assertThat(view.getString("leader")).isEqualTo(survivors.getFirst());
            assertThat(memberIds(view)).doesNotContain(outsider.nodeId());
        }
    }

    @Test
    void aWrongClusterDirectoryStopsTheNodeWithTheCredentialsSentence() {
        Path missing = temp.resolve("no-cluster-here");
        List<String> output = new ArrayList<>();

        int exit = NodeProcess.runCli(List.of("node", "--data-dir", temp.resolve("data").toString(), "--http-port", "0",
                "--cluster-dir", missing.toString(), "--peers", "127.0.0.1:" + freeClusterPort()),
                java.util.Map.of(NodeProcess.ADMIN_PASSWORD_ENV, ADMIN_PASSWORD), DEADLINE, output::add);

        assertThat(exit).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(output).anySatisfy(line -> assertThat(line).startsWith("ERROR: ").contains(missing.toString()));
    }

    private NodeProcess start(String name, Path clusterDir, int clusterPort, String peers, Path config) {
        NodeProcess node = NodeProcess.builder(temp.resolve("node-" + name))
                .adminPassword(ADMIN_PASSWORD)
                .configFile(config)
                .arguments(List.of("--cluster-dir", clusterDir.toString(), "--cluster-port", Integer.toString(clusterPort),
                        "--peers", peers))
                .readyTimeout(DEADLINE)
                .start();
        synchronized (started) {
            started.add(node);
        }
        return node;
    }

    private static JsonObject awaitView(NodeProcess node, Predicate<JsonObject> reached) throws IOException, InterruptedException {
        return awaitView(node, reached, DEADLINE);
    }

    /** Polls the node's {@code /api/cluster} as admin until the view satisfies {@code reached}. */
    private static JsonObject awaitView(NodeProcess node, Predicate<JsonObject> reached, Duration timeout)
            throws IOException, InterruptedException {
        NodeClient admin = NodeClient.to(node.baseUri()).login("admin", ADMIN_PASSWORD);
        return TestCluster.awaitCluster(admin, reached, "the cluster as " + node.nodeId() + " sees it", timeout);
    }

    private static List<String> memberIds(JsonObject cluster) {
        return cluster.getJsonArray("members").getValuesAs(JsonObject.class).stream().map(member -> member.getString("nodeId")).toList();
    }

    private static int freeClusterPort() {
        return LocalCluster.freeClusterPort();
    }
}
