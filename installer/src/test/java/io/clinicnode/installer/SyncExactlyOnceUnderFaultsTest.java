package io.clinicnode.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;
import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.testing.CentralPostgres;
import io.clinicnode.sync.testing.TcpProxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G7 with real processes: nodes take registrations while central PostgreSQL is stopped and restarted, while the
 * network to central is cut and restored, and while a node is killed with SIGKILL as it catches up and is
 * restarted. At the end central holds every acknowledged registration exactly once, each origin's events form
 * the gap-free sequence 1..n, and its mark equals what the node applied. Two clinics ship into the one central at
 * the same time and each sees only its own rows.
 */
class SyncExactlyOnceUnderFaultsTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    @TempDir
    Path work;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        nodes.stream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
        proxies.forEach(TcpProxy::close);
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void everyAcknowledgedWriteReachesCentralOnceThroughOutagesCutsAndKills() throws Exception {
        String database = CENTRAL.createDatabase();
        CentralSchema.migrate(admin(database));
        TcpProxy wan = proxy();
        Clinic clinic = clinic(database, "faults", wan);
        Ledger ledger = new Ledger();

        clinic.start();
        Writers writers = Writers.start(clinic.api(), ledger);
        writers.awaitMore(50);

        CENTRAL.stop();
        writers.awaitMore(150);
        CENTRAL.start();
        writers.awaitMore(50);

        wan.cut();
        writers.awaitMore(150);
        wan.restore();
        writers.awaitMore(50);

        // A backlog, then SIGKILL right after the link returns: the node dies while shipping it.
        wan.cut();
        writers.awaitMore(300);
        wan.restore();
        Thread.sleep(150);
        clinic.kill();
        writers.awaitEnded();
        clinic.start();
        writers = Writers.start(clinic.api(), ledger);
        writers.awaitMore(100);
        writers.stop();

        awaitCaughtUp(database, clinic);
        assertCentralHoldsExactly(database, clinic, ledger);
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void twoClinicsSyncingAtOnceStayIsolated() throws Exception {
        String database = CENTRAL.createDatabase();
        CentralSchema.migrate(admin(database));
        Clinic north = clinic(database, "north", proxy());
        Clinic south = clinic(database, "south", proxy());
        Ledger northLedger = new Ledger();
        Ledger southLedger = new Ledger();
        north.start();
        south.start();
        Writers northWriters = Writers.start(north.api(), northLedger);
        Writers southWriters = Writers.start(south.api(), southLedger);
        northWriters.awaitMore(150);
        southWriters.awaitMore(150);
        northWriters.stop();
        southWriters.stop();

        awaitCaughtUp(database, north);
        awaitCaughtUp(database, south);
        assertCentralHoldsExactly(database, north, northLedger);
        assertCentralHoldsExactly(database, south, southLedger);
        try (Connection connection = north.credentialsTarget().connect("test", 10); Statement statement = connection.createStatement()) {
            assertThat(column(statement, "SELECT DISTINCT clinic_id FROM patient")).containsExactly("north");
            assertThat(column(statement, "SELECT DISTINCT clinic_id FROM sync_event")).containsExactly("north");
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aThreeNodeClinicSyncsEveryOriginExactlyOnceWhenItsLeaderIsKilledMidBatch() throws Exception {
        String database = CENTRAL.createDatabase();
        CentralSchema.migrate(admin(database));
        TcpProxy wan = proxy();
        Clinic settings = clinic(database, "trio", wan);
        Ledger ledger = new Ledger();
        try (TestCluster trio = new TestCluster(work.resolve("trio-cluster"), 3, settings.config,
                List.of("--central-url", settings.url, "--central-credentials", settings.credentials.toString()))) {
            List<NodeProcess> members = new ArrayList<>(trio.startAll());
            Writers writers = Writers.start(TestCluster.admin(members.get(2)), ledger);
            writers.awaitMore(100);

            // A backlog while the WAN is cut, then SIGKILL of the leader (which syncs) right after it returns.
            wan.cut();
            writers.awaitMore(200);
            wan.restore();
            Thread.sleep(150);
            members.getFirst().kill();
            writers.awaitMore(100);
            members.set(0, trio.start(0));
            writers.awaitMore(50);
            writers.stop();

            NodeClient survivor = TestCluster.admin(members.get(1));
            TestCluster.awaitCluster(members.get(1), report -> TestCluster.converged(report, 3), Duration.ofSeconds(20));
            Map<String, Long> positions = new HashMap<>();
            var self = survivor.get("/api/cluster").json().getJsonArray("members").getValuesAs(jakarta.json.JsonObject.class).stream()
                    .filter(member -> member.getBoolean("self")).findFirst().orElseThrow();
            self.getJsonObject("journal").forEach((origin, seq) -> positions.put(origin, ((jakarta.json.JsonNumber) seq).longValue()));
            assertThat(positions).as("two leaders ordered changes: the killed one and the next").hasSizeGreaterThanOrEqualTo(2);

            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            Map<String, Long> marks = Map.of();
            while (System.nanoTime() < deadline && !marks.equals(positions)) {
                try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
                    Map<String, Long> read = new HashMap<>();
                    try (ResultSet rows = statement.executeQuery("SELECT origin, last_seq FROM sync_mark WHERE clinic_id = 'trio'")) {
                        while (rows.next()) {
                            read.put(rows.getString(1), rows.getLong(2));
                        }
                    }
                    marks = read;
                }
                Thread.sleep(50);
            }
            assertThat(marks).as("central's marks per origin against the cluster's journal").isEqualTo(positions);
            try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
                for (Map.Entry<String, Long> origin : positions.entrySet()) {
                    assertThat(column(statement, "SELECT count(*) || ' ' || count(DISTINCT origin_seq) || ' ' || max(origin_seq)"
                            + " FROM sync_event WHERE clinic_id = 'trio' AND origin = '" + origin.getKey() + "'"))
                            .as("events of origin %s at central: count, distinct, last", origin.getKey())
                            .containsExactly(origin.getValue() + " " + origin.getValue() + " " + origin.getValue());
                }
                Map<String, List<String>> idsByMarker = new HashMap<>();
                try (ResultSet rows = statement.executeQuery("SELECT id, full_name FROM patient WHERE clinic_id = 'trio'")) {
                    while (rows.next()) {
                        idsByMarker.computeIfAbsent(TestNodes.marker(rows.getString(2)), marker -> new ArrayList<>()).add(rows.getString(1));
                    }
                }
                ledger.acknowledged.forEach((marker, id) ->
                        assertThat(idsByMarker.get(marker)).as("acknowledged patient %s at central", marker).containsExactly(id));
            }
        }
    }

    private static CentralTarget admin(String database) {
        return new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
    }

    private TcpProxy proxy() {
        TcpProxy proxy = new TcpProxy(CENTRAL.port());
        proxies.add(proxy);
        return proxy;
    }

    private Clinic clinic(String database, String id, TcpProxy wan) throws IOException {
        Path dir = work.resolve(id);
        Files.createDirectories(dir);
        Path credentials = dir.resolve("central.credentials");
        CentralAdmin.addClinic(admin(database), id, null, false).write(credentials);
        Path config = Files.writeString(dir.resolve("node.yaml"),
                "clinicnode:\n  password-iterations: 1000\n  sync:\n    retry-base-ms: 50\n    retry-max-ms: 500\n");
        String url = "jdbc:postgresql://127.0.0.1:" + wan.port() + "/" + database;
        return new Clinic(id, dir.resolve("node"), config, url, credentials);
    }

    /** One single-node clinic; its process comes and goes. */
    private final class Clinic {
        final String id;
        final Path dataDir;
        final Path config;
        final String url;
        final Path credentials;
        NodeProcess process;

        Clinic(String id, Path dataDir, Path config, String url, Path credentials) {
            this.id = id;
            this.dataDir = dataDir;
            this.config = config;
            this.url = url;
            this.credentials = credentials;
        }

        void start() {
            process = NodeProcess.builder(dataDir).adminPassword(TestNodes.ADMIN_PASSWORD).configFile(config)
                    .readyTimeout(Duration.ofSeconds(30))
                    .arguments(List.of("--central-url", url, "--central-credentials", credentials.toString()))
                    .start();
            nodes.add(process);
        }

        void kill() {
            assertThat(process.kill()).isEqualTo(NodeProcess.KILLED_EXIT_CODE);
        }

        NodeClient api() throws IOException {
            return NodeClient.to(process.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
        }

        /** The node's highest applied sequence of its own origin, from /api/cluster. */
        long appliedSeq() throws IOException {
            var cluster = api().get("/api/cluster").json();
            var self = cluster.getJsonArray("members").getJsonObject(0);
            return self.getJsonObject("journal").getJsonNumber(process.nodeId()).longValue();
        }

        CentralTarget credentialsTarget() {
            return io.clinicnode.sync.central.CentralCredentials.load(credentials).target(CENTRAL.url(url.substring(url.lastIndexOf('/') + 1)));
        }
    }

    private static void awaitCaughtUp(String database, Clinic clinic) throws Exception {
        long applied = clinic.appliedSeq();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String mark = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
                List<String> marks = column(statement, "SELECT last_seq FROM sync_mark WHERE clinic_id = '" + clinic.id + "'");
                mark = marks.isEmpty() ? null : marks.getFirst();
                if (String.valueOf(applied).equals(mark)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("central's mark for " + clinic.id + " is " + mark + ", the node applied " + applied
                + "; node output: " + clinic.process.outputTail());
    }

    private static void assertCentralHoldsExactly(String database, Clinic clinic, Ledger ledger) throws Exception {
        long applied = clinic.appliedSeq();
        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
            String where = " WHERE clinic_id = '" + clinic.id + "'";
            assertThat(column(statement, "SELECT count(*) || ' ' || count(DISTINCT origin_seq) || ' ' || min(origin_seq) || ' '"
                    + " || max(origin_seq) FROM sync_event" + where))
                    .as("events at central: count, distinct, first, last").containsExactly(applied + " " + applied + " 1 " + applied);
            assertThat(column(statement, "SELECT count(*) FROM dead_letter" + where)).containsExactly("0");
            Map<String, List<String>> idsByMarker = new HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT id, full_name FROM patient" + where)) {
                while (rows.next()) {
                    idsByMarker.computeIfAbsent(TestNodes.marker(rows.getString(2)), marker -> new ArrayList<>()).add(rows.getString(1));
                }
            }
            assertThat(idsByMarker.values()).as("patients stored twice").allMatch(ids -> ids.size() == 1);
            ledger.acknowledged.forEach((marker, id) ->
                    assertThat(idsByMarker.get(marker)).as("acknowledged patient %s at central", marker).containsExactly(id));
            assertThat(idsByMarker.keySet()).as("patients at central that were neither acknowledged nor unanswered at a kill")
                    .allMatch(marker -> ledger.acknowledged.containsKey(marker) || ledger.unanswered.contains(marker));
            // Per-origin order: the events' HLC times rise with their sequence numbers.
            assertThat(column(statement, "SELECT count(*) FROM (SELECT hlc < lag(hlc) OVER (ORDER BY origin_seq) AS back"
                    + " FROM sync_event" + where + ") e WHERE back")).containsExactly("0");
        }
        System.out.printf("%s: %d acknowledged, %d unanswered at kills, %d events at central%n", clinic.id,
                ledger.acknowledged.size(), ledger.unanswered.size(), applied);
    }

    private static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static final class Ledger {
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        final AtomicLong sequence = new AtomicLong();
    }

    /** A few clients registering patients back to back until stopped or the node goes away. */
    private static final class Writers {
        private static final int CLIENTS = 4;
        private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong acknowledged = new AtomicLong();

        static Writers start(NodeClient api, Ledger ledger) {
            Writers writers = new Writers();
            for (int i = 0; i < CLIENTS; i++) {
                writers.clients.submit(() -> writers.write(api, ledger));
            }
            return writers;
        }

        private void write(NodeClient api, Ledger ledger) {
            while (running.get()) {
                long seq = ledger.sequence.incrementAndGet();
                String marker = "s" + seq;
                ledger.unanswered.add(marker);
                NodeClient.Response response;
                try {
                    response = api.post("/api/patients", TestNodes.patient(marker, seq));
                } catch (IOException e) {
                    return;
                }
                ledger.unanswered.remove(marker);
                if (response.status() == 201) {
                    ledger.acknowledged.put(marker, response.json().getString("id"));
                    acknowledged.incrementAndGet();
                }
            }
        }

        void awaitMore(long count) throws InterruptedException {
            long target = acknowledged.get() + count;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acknowledged.get() < target) {
                assertThat(System.nanoTime()).as("%d more acknowledged writes within 30 s", count).isLessThan(deadline);
                Thread.sleep(10);
            }
        }

        void awaitEnded() throws InterruptedException {
            clients.shutdown();
            assertThat(clients.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
        }

        void stop() throws InterruptedException {
            running.set(false);
            awaitEnded();
        }
    }
}
