package io.clinicnode.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failure detection of the leader with every member in a JVM of its own, as in a clinic: SIGKILL (a crashed
 * process, noticed through its closed sockets) and SIGSTOP (a hung or powered-off machine, whose sockets stay open
 * and which only stops answering). The two survivors must agree on one view and one leader, and keep agreeing.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FailureDetectionTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    /**
     * How long the survivors must keep their view after agreeing: a MERGE3 round (every 1.5 × its max interval at
     * most) reaches out to the frozen member, then a heartbeat timeout passes. The survivors of 2026-11-23 split up
     * within this window: the round's TLS handshake with the frozen member stalled each survivor's only sender thread.
     */
    private static final Duration STABLE_FOR = Duration.ofMillis(ClusterStack.MERGE_MAX_INTERVAL_MS * 3 / 2
            + ClusterStack.HEARTBEAT_TIMEOUT_MS + ClusterStack.HEARTBEAT_INTERVAL_MS + ClusterStack.VERIFY_SUSPECT_MS + 1_000);

    @TempDir
    Path temp;

    private Path clusterDir;
    private final List<Member> members = new ArrayList<>();

    @BeforeEach
    void createClinic() {
        clusterDir = temp.resolve("clinic");
        ClusterInit.create(clusterDir);
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        for (Member member : members) {
            member.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aKilledLeaderIsDroppedWithinASecondAndTheNextInLineLeadsOnBothSurvivors() throws Exception {
        List<String> view = clusterOfThree();
        Member leader = member(view.getFirst());
        List<Member> survivors = survivorsOf(leader);
        String survivorsView = viewLine(view.subList(1, view.size()));

        leader.process().destroyForcibly();
        long killed = System.nanoTime();
        awaitView(survivors, survivorsView);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);

        System.out.println("Killed leader dropped from both survivors' views after " + millis + " ms");
        // Usually well under a second (its closed sockets tell FD_SOCK2 at once; PERFORMANCE.md has the figures). Right
        // after a view forms FD_SOCK2's ring may not be connected yet, and the heartbeat timeout finds the dead leader
        // instead (1.6 s seen once on a quiet machine): either way within the heartbeat timeout, never longer.
        assertThat(millis).isLessThan(ClusterStack.HEARTBEAT_TIMEOUT_MS);
    }

    @Test
    void aFrozenLeaderIsDroppedAfterTheHeartbeatTimeoutAndTheSurvivorsKeepOneLeader() throws Exception {
        List<String> view = clusterOfThree();
        Member leader = member(view.getFirst());
        List<Member> survivors = survivorsOf(leader);
        String survivorsView = viewLine(view.subList(1, view.size()));
        List<Integer> viewsBefore = survivors.stream().map(survivor -> survivor.views().size()).toList();

        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(leader.process().pid())).inheritIO().start();
        assertThat(stop.waitFor(5, TimeUnit.SECONDS) && stop.exitValue() == 0).as("kill -STOP worked").isTrue();
        long frozen = System.nanoTime();
        awaitView(survivors, survivorsView);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
        System.out.println("Frozen leader dropped from both survivors' views after " + millis + " ms");
        assertThat(millis).isBetween(ClusterStack.HEARTBEAT_TIMEOUT_MS - ClusterStack.HEARTBEAT_INTERVAL_MS,
                ClusterStack.HEARTBEAT_TIMEOUT_MS + ClusterStack.HEARTBEAT_INTERVAL_MS + 2 * ClusterStack.VERIFY_SUSPECT_MS + 1_000);

        Thread.sleep(STABLE_FOR.toMillis());
        for (int i = 0; i < survivors.size(); i++) {
            List<String> views = survivors.get(i).views();
            assertThat(views.subList(viewsBefore.get(i), views.size())).as("views of %s since the freeze", survivors.get(i).nodeId())
                    .containsOnly(survivorsView);
        }
    }

    /**
     * Starts node-child, node-a and node-b one after the other, each in its own JVM, and returns the view they end up
     * sharing, oldest first: normally in that order, so node-child leads. On a busy machine a joiner's discovery can
     * time out, so that it founds a cluster of its own and MERGE3 merges it in later, in JGroups' merge order.
     */
    private List<String> clusterOfThree() throws IOException, InterruptedException {
        List<Integer> ports = List.of(TestPorts.freeClusterPort(), TestPorts.freeClusterPort(), TestPorts.freeClusterPort());
        String peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
        List<String> nodeIds = List.of("node-child", "node-a", "node-b");
        for (int i = 0; i < nodeIds.size(); i++) {
            Member member = start(nodeIds.get(i), ports.get(i), peers);
            members.add(member);
            member.awaitLine("READY " + member.nodeId());
        }
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!(members.getFirst().latestView().split(",").length == nodeIds.size()
                && members.stream().allMatch(member -> member.latestView().equals(members.getFirst().latestView())))) {
            assertThat(System.nanoTime()).as("one view of all three in time; they are at %s",
                    members.stream().map(Member::latestView).toList()).isLessThan(deadline);
            Thread.sleep(20);
        }
        String line = members.getFirst().latestView();
        return List.of(line.substring("VIEW [".length(), line.length() - 1).split(", "));
    }

    private Member member(String nodeId) {
        return members.stream().filter(member -> member.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    private List<Member> survivorsOf(Member leader) {
        return members.stream().filter(member -> member != leader).toList();
    }

    /** A view as {@link MemberProcess} prints it. */
    private static String viewLine(List<String> nodeIds) {
        return "VIEW " + nodeIds;
    }

    private Member start(String nodeId, int port, String peers) throws IOException {
        Path output = temp.resolve(nodeId + ".out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), MemberProcess.class.getName(),
                clusterDir.toString(), nodeId, Integer.toString(port), peers)
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new Member(nodeId, process, output);
    }

    /** Waits until every member's latest view is {@code view}. */
    private static void awaitView(List<Member> survivors, String view) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!survivors.stream().allMatch(survivor -> view.equals(survivor.latestView()))) {
            assertThat(System.nanoTime()).as("every survivor at %s in time; they are at %s", view,
                    survivors.stream().map(Member::latestView).toList()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** A {@link MemberProcess} and the file its output goes to. */
    private record Member(String nodeId, Process process, Path output) {
        /** Every view the member has printed in full, oldest first. */
        List<String> views() {
            try {
                return Files.exists(output)
                        ? Files.readAllLines(output).stream().filter(line -> line.startsWith("VIEW [") && line.endsWith("]")).toList()
                        : List.of();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        String latestView() {
            List<String> views = views();
            return views.isEmpty() ? "" : views.getLast();
        }

        void awaitLine(String line) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (!Files.exists(output) || !Files.readString(output).contains(line)) {
                assertThat(process.isAlive()).as("%s alive; its output: %s", nodeId,
                        Files.exists(output) ? Files.readString(output) : "").isTrue();
                assertThat(System.nanoTime()).as("'%s' from %s in time; its output: %s", line, nodeId,
                        Files.exists(output) ? Files.readString(output) : "").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
