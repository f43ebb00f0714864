package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guarantee G1 with real processes and real files: a node process takes patient registrations from many
 * concurrent clients, is killed with SIGKILL while requests are in flight, and restarted on the same data
 * directory; twice. Then every registration it acknowledged (201) must be there with the id it was given,
 * exactly once, and nothing may be there that no client asked for.
 *
 * <p>Each request carries a unique marker in the patient's name (and a unique CPF), so the H2 file, read
 * directly after a clean stop, shows whether anything was lost or applied twice. Requests that were
 * unanswered when the node died may or may not have been applied; that is the only freedom allowed.
 */
class AcknowledgedWritesSurviveKillNineTest {
    private static final int CLIENTS = 24;
    private static final int ACKS_BEFORE_KILL = 300;
    private static final int MIN_KILLS = 2;
    private static final int MAX_KILLS = 4;

    @TempDir
    Path work;
    private NodeProcess node;

    @AfterEach
    void killLeftoverNode() {
        if (node != null && node.isAlive()) {
            node.kill();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void acknowledgedRegistrationsSurviveKillNineExactlyOnce() throws Exception {
        Path dataDir = work.resolve("node");
        Path config = TestNodes.fastLoginConfig(work);
        Ledger ledger = new Ledger();
        long replayed = 0;
        int kills = 0;
        node = TestNodes.start(dataDir, config);
        // Kill at least twice; go on (up to MAX_KILLS) until a restart had to re-apply journal events, which
        // it must whenever H2 had not yet written its last commits to its file when the node was killed.
        while (kills < MIN_KILLS || (replayed == 0 && kills < MAX_KILLS)) {
            WriteStorm storm = WriteStorm.start(NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD), ledger);
            assertThat(storm.acknowledged.await(30, TimeUnit.SECONDS))
                    .as("%d registrations acknowledged before kill %d; node output: %s", ACKS_BEFORE_KILL, kills + 1, node.outputTail())
                    .isTrue();
            int inFlightAtKill = storm.inFlight();
            assertThat(node.kill()).as("exit code of the node after destroyForcibly(): 128 + SIGKILL(9)")
                    .isEqualTo(NodeProcess.KILLED_EXIT_CODE);
            kills++;
            assertThat(inFlightAtKill).as("requests in flight when the node was killed").isPositive();
            storm.awaitClientsEnded();

            node = TestNodes.start(dataDir, config);
            long replayedNow = TestNodes.recoveredEvents(node);
            replayed += replayedNow;
            System.out.printf("kill %d: %d requests in flight, %d acknowledged in all; restart took %d ms and re-applied %d"
                    + " journal events%n", kills, inFlightAtKill, ledger.acknowledged.size(), node.startupTime().toMillis(), replayedNow);
        }

        assertThat(ledger.unexpected).as("answers other than 201 before the kills").isEmpty();
        assertEveryAcknowledgedPatientReadable(NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD), ledger);
        assertThat(node.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isEqualTo(NodeProcess.TERMINATED_EXIT_CODE);

        Map<String, List<String>> idsByMarker = patientIdsByMarker(dataDir);
        assertThat(idsByMarker.entrySet()).as("markers stored more than once").filteredOn(entry -> entry.getValue().size() > 1).isEmpty();
        ledger.acknowledged.forEach((marker, id) ->
                assertThat(idsByMarker.get(marker)).as("rows of acknowledged patient %s", marker).containsExactly(id));
        assertThat(idsByMarker.keySet()).as("stored markers that were neither acknowledged nor in flight at a kill")
                .allMatch(marker -> ledger.acknowledged.containsKey(marker) || ledger.unanswered.contains(marker));
        assertThat(replayed).as("journal events re-applied to H2 by the restarts after SIGKILL (the replay path ran)").isPositive();
    }

    private static void assertEveryAcknowledgedPatientReadable(NodeClient api, Ledger ledger) throws Exception {
        try (ExecutorService readers = Executors.newFixedThreadPool(8)) {
            List<Future<String>> problems = new ArrayList<>();
            ledger.acknowledged.forEach((marker, id) -> problems.add(readers.submit(() -> {
                NodeClient.Response response = api.get("/api/patients/" + id);
                boolean found = response.status() == 200 && response.json().getString("fullName").equals(TestNodes.NAME_PREFIX + marker);
                return found ? null : marker + " (" + id + "): " + response;
            })));
            List<String> missing = new ArrayList<>();
            for (Future<String> problem : problems) {
                if (problem.get() != null) {
                    missing.add(problem.get());
                }
            }
            assertThat(missing).as("acknowledged patients not readable after the restarts, of %d", problems.size()).isEmpty();
        }
    }

    /** Reads the stored test patients straight from the stopped node's H2 file. */
    private static Map<String, List<String>> patientIdsByMarker(Path dataDir) throws SQLException {
        String url = "jdbc:h2:file:" + dataDir.resolve("db").resolve("clinic").toAbsolutePath() + ";DATABASE_TO_LOWER=TRUE;ACCESS_MODE_DATA=r";
        Map<String, List<String>> idsByMarker = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, full_name FROM patient")) {
            while (rows.next()) {
                idsByMarker.computeIfAbsent(TestNodes.marker(rows.getString("full_name")), marker -> new ArrayList<>())
                        .add(rows.getString("id"));
            }
        }
        return idsByMarker;
    }

    /** What the clients know: which markers were acknowledged (with their ids) and which got no answer. */
    private static final class Ledger {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong sequence = new AtomicLong();
    }

    /** {@value #CLIENTS} clients registering patients back to back until the node goes away. */
    private static final class WriteStorm {
        final CountDownLatch acknowledged = new CountDownLatch(ACKS_BEFORE_KILL);
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final Set<String> unanswered = ConcurrentHashMap.newKeySet();

        static WriteStorm start(NodeClient api, Ledger ledger) {
            WriteStorm storm = new WriteStorm();
            for (int i = 0; i < CLIENTS; i++) {
                storm.clients.submit(() -> storm.writeUntilNodeGone(api, ledger));
            }
            return storm;
        }

        private void writeUntilNodeGone(NodeClient api, Ledger ledger) {
            while (true) {
                long seq = ledger.sequence.incrementAndGet();
                String marker = "m" + seq;
                ledger.unanswered.add(marker);
                unanswered.add(marker);
                NodeClient.Response response;
                try {
                    response = api.post("/api/patients", TestNodes.patient(marker, seq));
                } catch (IOException e) {
                    return;
                }
                ledger.unanswered.remove(marker);
                unanswered.remove(marker);
                if (response.status() == 201) {
                    ledger.acknowledged.put(marker, response.json().getString("id"));
                    acknowledged.countDown();
                } else {
                    ledger.unexpected.add(marker + ": " + response);
                }
            }
        }

        /** Requests of this storm sent and not answered yet. */
        int inFlight() {
            return unanswered.size();
        }

        void awaitClientsEnded() throws InterruptedException {
            clients.shutdown();
            assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).as("clients noticed the node is gone").isTrue();
        }
    }
}
