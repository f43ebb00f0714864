package io.clinicnode.installer;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guarantee G3 with three real node processes: writes made on every node reach every node (one checksum); two desks
 * on two nodes booking one slot at the same instant get exactly one success; a node SIGKILLed in the middle of a
 * stream of writes loses nothing it acknowledged, the others go on, and it catches up when it comes back, as does a
 * killed leader.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReplicationTest {
    private static final Duration CONVERGE = Duration.ofSeconds(15);

    @TempDir
    Path work;
    private TestCluster cluster;

    @AfterEach
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void writesOnEveryNodeConvergeAndOneSlotBookedFromTwoNodesAtOnceHasOneWinner() throws Exception {
        cluster = new TestCluster(work, 3);
        List<NodeProcess> nodes = cluster.startAll();
        List<NodeClient> desks = new ArrayList<>();
        for (NodeProcess node : nodes) {
            desks.add(TestCluster.admin(node));
        }
        String practitioner = TestNodes.created(desks.get(0).post("/api/practitioners", TestNodes.practitioner("Dra. Réplica")));
        LocalDate monday = LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);

        // Every node registers patients and books them, each at slots of its own.
        Map<String, String> patientsByNode = new ConcurrentHashMap<>();
        for (int n = 0; n < 3; n++) {
            NodeClient desk = desks.get(n);
            for (int i = 0; i < 5; i++) {
                String patient = TestNodes.created(desk.post("/api/patients", TestNodes.patient("replica-" + n + "-" + i, 1000L + n * 10 + i)));
                patientsByNode.put(patient, nodes.get(n).nodeId());
                LocalTime time = LocalTime.of(8, 0).plusMinutes(20L * (n * 5 + i));
                assertThat(desks.get(n).post("/api/appointments", TestNodes.booking(patient, practitioner, monday, time, 20)).status()).isEqualTo(201);
            }
        }
        for (NodeProcess node : nodes) {
            TestCluster.awaitCluster(node, report -> TestCluster.converged(report, 3), CONVERGE);
        }
        for (int n = 0; n < 3; n++) {
            for (String patient : patientsByNode.keySet()) {
                assertThat(desks.get(n).get("/api/patients/" + patient).status())
                        .as("patient %s (registered on %s) read on %s", patient, patientsByNode.get(patient), nodes.get(n).nodeId())
                        .isEqualTo(200);
            }
            assertThat(appointmentsOn(desks.get(n), practitioner, monday)).as("appointments seen by %s", nodes.get(n).nodeId())
                    .hasSize(15);
        }

        // Two desks on the two followers book the same free slot at the same instant, ten times over.
        String first = patientsByNode.keySet().iterator().next();
        try (ExecutorService desksAtOnce = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10; round++) {
                LocalTime time = LocalTime.of(13, 0).plusMinutes(20L * round);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<NodeClient.Response>> answers = new ArrayList<>();
                for (NodeClient desk : desks.subList(1, 3)) {
                    answers.add(desksAtOnce.submit(() -> {
                        go.await();
                        return desk.post("/api/appointments", TestNodes.booking(first, practitioner, monday, time, 20));
                    }));
                }
                go.countDown();
                List<NodeClient.Response> both = List.of(answers.get(0).get(), answers.get(1).get());
                assertThat(both).extracting(NodeClient.Response::status).as("round %d at %s", round, time)
                        .containsExactlyInAnyOrder(201, 409);
                // The leader refused the loser's forwarded booking; its code reaches the desk as a lone node's would.
                JsonObject refused = both.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow().json();
                assertThat(refused.getString("code")).isEqualTo("slot.taken");
                assertThat(refused.getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("slot.taken");
            }
        }
        for (NodeProcess node : nodes) {
            TestCluster.awaitCluster(node, report -> TestCluster.converged(report, 3), CONVERGE);
        }
        for (NodeClient desk : desks) {
            assertThat(appointmentsOn(desk, practitioner, monday)).hasSize(25);
        }

        // Causal across nodes: a change through one node to an appointment booked a moment before through another
        // succeeds at once, never 404, whichever node has applied the booking yet.
        LocalDate tuesday = monday.plusDays(1);
        for (int round = 0; round < 10; round++) {
            String booked = TestNodes.created(desks.get(1).post("/api/appointments",
                    TestNodes.booking(first, practitioner, tuesday, LocalTime.of(8, 0).plusMinutes(20L * round), 20)));
            assertThat(desks.get(2).patch("/api/appointments/" + booked, Json.createObjectBuilder().add("status", "CANCELLED").build())
                    .status()).as("round %d: cancel through another node right after the booking", round).isEqualTo(200);
        }
    }

    @Test
    void aKilledNodeLosesNoAcknowledgedWriteAndCatchesUpWhenItComesBackAsDoesAKilledLeader() throws Exception {
        cluster = new TestCluster(work, 3);
        List<NodeProcess> nodes = new ArrayList<>(cluster.startAll());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();

        // A stream of registrations on a follower; SIGKILL it mid-stream.
        Stream onFollower = Stream.start(TestCluster.admin(nodes.get(2)), "f", acknowledged);
        onFollower.awaitAcknowledged(60);
        nodes.get(2).kill();
        onFollower.stop();
        assertAllReadable(nodes.get(0), acknowledged, "leader after the follower died");
        assertAllReadable(nodes.get(1), acknowledged, "other follower after the follower died");

        // The others go on without it; then it comes back and catches up.
        for (int i = 0; i < 20; i++) {
            NodeClient leader = TestCluster.admin(nodes.get(0));
            acknowledged.put(TestNodes.created(leader.post("/api/patients", TestNodes.patient("while-down-" + i, 5000 + i))), "while-down-" + i);
        }
        nodes.set(2, cluster.start(2));
        assertAllReadable(nodes.get(2), acknowledged, "the follower once back");

        // A stream on the leader; SIGKILL the leader mid-stream. The next oldest leads and takes writes at once.
        Stream onLeader = Stream.start(TestCluster.admin(nodes.get(0)), "l", acknowledged);
        onLeader.awaitAcknowledged(60);
        nodes.get(0).kill();
        onLeader.stop();
        NodeClient newLeader = TestCluster.admin(nodes.get(1));
        String afterFailover = TestNodes.created(newLeader.post("/api/patients", TestNodes.patient("after-failover", 9000)));
        acknowledged.put(afterFailover, "after-failover");
        assertThat(TestCluster.admin(nodes.get(2)).get("/api/patients/" + afterFailover).status()).isEqualTo(200);

        nodes.set(0, cluster.start(0));
        for (NodeProcess node : nodes) {
            TestCluster.awaitCluster(node, report -> TestCluster.converged(report, 3), CONVERGE);
            assertAllReadable(node, acknowledged, node.nodeId() + " after every node is back");
        }
    }

    @Test
    void aRestartedNodeThatFindsNobodyWaitsForItsFormerMembersInsteadOfServingWhatItHeld() throws Exception {
        cluster = new TestCluster(work, 3);
        List<NodeProcess> nodes = new ArrayList<>(cluster.startAll());
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        NodeClient leader = TestCluster.admin(nodes.get(0));
        for (int i = 0; i < 5; i++) {
            acknowledged.put(TestNodes.created(leader.post("/api/patients", TestNodes.patient("before-" + i, 6000 + i))), "before-" + i);
        }
        TestCluster.awaitCluster(nodes.get(2), report -> TestCluster.converged(report, 3), CONVERGE);
        nodes.get(2).kill();
        for (int i = 0; i < 20; i++) {
            acknowledged.put(TestNodes.created(leader.post("/api/patients", TestNodes.patient("while-down-" + i, 6100 + i))), "while-down-" + i);
        }

        // The others stall while it starts (as on a busy box): its discovery gets no answer within the join timeout
        // and it founds a cluster of one. It must not serve what it held until they have merged with it and it has
        // caught up; before 2026-12-02 it served at once, 404 for every patient registered while it was down.
        signal("STOP", nodes.get(0), nodes.get(1));
        CompletableFuture<NodeProcess> restarting = CompletableFuture.supplyAsync(() -> cluster.start(2));
        try {
            Thread.sleep(TimeUnit.SECONDS.toMillis(20)); // a cold start and the 5 s join timeout, on a busy machine
        } finally {
            signal("CONT", nodes.get(0), nodes.get(1));
        }
        nodes.set(2, restarting.get(90, TimeUnit.SECONDS));
        assertAllReadable(nodes.get(2), acknowledged, "the restarted node that found nobody at first");
    }

    private static void signal(String signal, NodeProcess... targets) throws Exception {
        for (NodeProcess target : targets) {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(target.pid())).inheritIO().start();
            assertThat(kill.waitFor(5, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -%s %s", signal, target.nodeId()).isTrue();
        }
    }

    /** As below; a failure shows the node's last log lines (how it joined and caught up). */
    private static void assertAllReadable(NodeProcess node, Map<String, String> acknowledged, String where) throws Exception {
        try {
            assertAllReadable(TestCluster.admin(node), acknowledged, where);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + node.nodeId() + "'s last output:\n    "
                    + String.join("\n    ", node.outputTail()), e);
        }
    }

    private static void assertAllReadable(NodeClient client, Map<String, String> acknowledged, String where) throws Exception {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> entry : acknowledged.entrySet()) {
            NodeClient.Response response = client.get("/api/patients/" + entry.getKey());
            if (response.status() != 200) {
                missing.add(entry.getValue() + " " + entry.getKey() + ": " + response.status());
            }
        }
        assertThat(missing).as("acknowledged patients missing on %s, of %d", where, acknowledged.size()).isEmpty();
    }

    private static List<JsonObject> appointmentsOn(NodeClient desk, String practitioner, LocalDate day) throws Exception {
        NodeClient.Response response = desk.get("/api/appointments?date=" + day + "&practitionerId=" + practitioner);
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        return response.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }




    /** Four clients registering patients one after another until stopped; records what was acknowledged. */
    private static final class Stream {
        private static final AtomicLong DOCUMENTS = new AtomicLong(20_000);
        private final NodeClient client;
        private final String prefix;
        private final Map<String, String> acknowledged;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong count = new AtomicLong();
        private final ExecutorService clients = Executors.newFixedThreadPool(4);
        private final Set<String> unexpected = ConcurrentHashMap.newKeySet();

        private Stream(NodeClient client, String prefix, Map<String, String> acknowledged) {
            this.client = client;
            this.prefix = prefix;
            this.acknowledged = acknowledged;
        }

        static Stream start(NodeClient client, String prefix, Map<String, String> acknowledged) {
            Stream stream = new Stream(client, prefix, acknowledged);
            for (int c = 0; c < 4; c++) {
                stream.clients.execute(stream::run);
            }
            return stream;
        }

        private void run() {
            while (running.get()) {
                long document = DOCUMENTS.incrementAndGet();
                String marker = prefix + "-" + document;
                try {
                    NodeClient.Response response = client.post("/api/patients", TestNodes.patient(marker, document));
                    if (response.status() == 201) {
                        acknowledged.put(response.json().getString("id"), marker);
                        count.incrementAndGet();
                    } else if (running.get()) {
                        unexpected.add(response.toString());
                    }
                } catch (Exception e) {
                    return; // the node died under this request: unanswered, so either outcome is allowed
                }
            }
        }

        void awaitAcknowledged(int wanted) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (count.get() < wanted && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(count.get()).as("acknowledged before the kill; unexpected answers %s", unexpected).isGreaterThanOrEqualTo(wanted);
        }

        void stop() throws InterruptedException {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            assertThat(unexpected).as("answers other than 201 before the kill").isEmpty();
        }
    }
}
