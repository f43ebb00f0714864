package io.clinicnode.installer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.clinicnode.appliance.testing.Eventually;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;
import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.dashboard.Dashboard;
import io.clinicnode.sync.dashboard.DashboardSettings;
import io.clinicnode.sync.testing.CentralPostgres;
import io.clinicnode.sync.testing.TcpProxy;

import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * G4 meets G7 with real processes: a two-node clinic syncing to a real central PostgreSQL is split by its LAN (each
 * node in a network namespace of its own, {@link ClinicLan}); each side books the same slot; after the heal the
 * double booking is journaled once for the clinic, reaches central's {@code conflict} table once (the event's id is
 * the conflict's), and the central dashboard's clinic page lists it.
 *
 * <p>Needs root and iproute2 (CI runs as root); skipped with the reason otherwise.
 */
class ConflictsReachCentralTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    private static final String CLINIC = "split";
    private static final Duration DEADLINE = Duration.ofSeconds(40);
    private static final String STAFF_PASSWORD = "central-office-1";

    @TempDir
    Path work;

    private final List<NodeProcess> nodes = new ArrayList<>();
    private ClinicLan lan;
    private TcpProxy wan;

    @AfterEach
    void cleanUp() {
        nodes.parallelStream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
        if (wan != null) {
            wan.close();
        }
        if (lan != null) {
            lan.close();
        }
    }

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void aDoubleBookingMadeAcrossAPartitionIsListedOnceAtCentralAndOnTheDashboard() throws Exception {
        String unavailable = ClinicLan.unavailableBecause();
        Assumptions.assumeTrue(unavailable == null, () -> "Partition test skipped: " + unavailable);
        String database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);
        Path credentials = work.resolve("central.credentials");
        CentralAdmin.addClinic(admin, CLINIC, null, false).write(credentials);

        lan = ClinicLan.create(2);
        // Central listens on loopback; the nodes reach it through a relay on the test's address on the desk bridge.
        wan = new TcpProxy(InetAddress.getByName(lan.deskGateway()), CENTRAL.port());
        String centralUrl = "jdbc:postgresql://" + lan.deskGateway() + ":" + wan.port() + "/" + database;
        Path clusterDir = work.resolve("clinic-cluster");
        ClusterInit.create(clusterDir);
        Path config = Files.writeString(work.resolve("node.yaml"),
                "clinicnode:\n  password-iterations: 1000\n  sync:\n    retry-base-ms: 50\n    retry-max-ms: 500\n");
        String peers = List.of(0, 1).stream().map(node -> lan.lanAddress(node) + ":7800").collect(Collectors.joining(","));
        for (int node = 0; node < 2; node++) {
            nodes.add(NodeProcess.builder(work.resolve("node-" + node))
                    .adminPassword(TestNodes.ADMIN_PASSWORD)
                    .configFile(config)
                    .commandPrefix(lan.inside(node))
                    .host(lan.deskAddress(node))
                    .arguments(List.of("--cluster-dir", clusterDir.toString(), "--cluster-port", "7800",
                            "--cluster-bind", lan.lanAddress(node), "--peers", peers,
                            "--central-url", centralUrl, "--central-credentials", credentials.toString()))
                    .readyTimeout(DEADLINE)
                    .start());
        }
        NodeClient first = admin(0);
        NodeClient second = admin(1);
        awaitCluster(first, report -> TestCluster.converged(report, 2), "both nodes converge");
        String practitioner = TestNodes.created(first.post("/api/practitioners", TestNodes.practitioner("Dra. Conflito Central")));
        String patient = TestNodes.created(first.post("/api/patients", TestNodes.patient("conflito", 8001)));
        awaitCluster(second, report -> TestCluster.converged(report, 2), "the data before the partition converges");

        lan.cut(1);
        awaitCluster(first, report -> members(report) == 1, "the first node finds itself alone");
        awaitCluster(second, report -> members(report) == 1, "the second node finds itself alone");
        LocalDate monday = LocalDate.now().with(TemporalAdjusters.next(DayOfWeek.MONDAY)).plusWeeks(1);
        String onFirst = TestNodes.created(first.post("/api/appointments", TestNodes.booking(patient, practitioner, monday, LocalTime.of(15, 0), 30)));
        String onSecond = TestNodes.created(second.post("/api/appointments", TestNodes.booking(patient, practitioner, monday, LocalTime.of(15, 0), 30)));

        lan.heal(1);
        awaitCluster(first, report -> TestCluster.converged(report, 2), "both converge after the heal");
        for (NodeClient desk : List.of(first, second)) {
            assertThat(desk.get("/api/cluster/conflicts").json().getJsonArray("items").getValuesAs(JsonObject.class))
                    .filteredOn(conflict -> conflict.getString("kind").equals("DOUBLE_BOOKING")).hasSize(1);
        }

        // The report is journaled after the heal's catch-up; wait until central holds everything both nodes hold.
        String conflictId = "DOUBLE_BOOKING:" + (onFirst.compareTo(onSecond) < 0 ? onFirst + ":" + onSecond : onSecond + ":" + onFirst);
        awaitCentral(database, "SELECT count(*) FROM conflict WHERE clinic_id = '" + CLINIC + "'", count -> count.equals("1"));
        Map<String, Long> journal = awaitCluster(first, report -> TestCluster.converged(report, 2) && sameJournal(report),
                "both nodes hold the report").getJsonArray("members").getJsonObject(0).getJsonObject("journal").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> ((JsonNumber) entry.getValue()).longValue()));
        awaitCentral(database, "SELECT string_agg(origin || '=' || last_seq, ',' ORDER BY origin) FROM sync_mark WHERE clinic_id = '"
                + CLINIC + "'", marks -> marks != null && marks.equals(journal.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(","))));

        assertThat(rows(database, "SELECT id, kind, key, detail->>'reason' LIKE '%Dra. Conflito Central%' FROM conflict WHERE clinic_id = '"
                + CLINIC + "'")).as("the double booking at central, once")
                .containsExactly(List.of(conflictId, "double-booking", conflictId.split(":")[1], "t"));
        assertThat(rows(database, "SELECT count(*) FROM sync_event WHERE clinic_id = '" + CLINIC + "' AND type LIKE 'conflict.%'"))
                .as("the clinic journaled the conflict once, though both nodes found it").containsExactly(List.of("1"));
        assertThat(rows(database, "SELECT count(*) FROM dead_letter WHERE clinic_id = '" + CLINIC + "'")).containsExactly(List.of("0"));

        JsonObject page = dashboardClinicPage(CENTRAL.adminUrl(database));
        assertThat(page.getJsonObject("conflicts").getInt("total")).isEqualTo(1);
        JsonObject listed = page.getJsonObject("conflicts").getJsonArray("items").getJsonObject(0);
        assertThat(listed.getString("id")).isEqualTo(conflictId);
        assertThat(listed.getString("kind")).isEqualTo("double-booking");
        assertThat(listed.getString("detail")).contains(onFirst, onSecond);
    }

    /** Adds a staff account with the CLI, starts the dashboard on central and reads the clinic's page from its API. */
    private static JsonObject dashboardClinicPage(String centralUrl) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream((STAFF_PASSWORD + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            assertThat(ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true),
                    "dashboard-user", "add", "carla", "--central-url", centralUrl)).as(err.toString()).isEqualTo(ClinicNodeCli.OK);
        } finally {
            System.setIn(original);
        }
        CentralTarget reader = new CentralTarget(centralUrl, Optional.empty(), Optional.empty());
        try (Dashboard dashboard = Dashboard.start(DashboardSettings.of(reader, "127.0.0.1", 0))) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + dashboard.port();
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"carla\",\"password\":\"" + STAFF_PASSWORD + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).isEqualTo(200);
            String token = Json.createReader(new StringReader(session.body())).readObject().getString("token");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/api/clinics/" + CLINIC))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            return Json.createReader(new StringReader(page.body())).readObject();
        }
    }

    private NodeClient admin(int node) throws IOException {
        return NodeClient.to(nodes.get(node).baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
    }

    private static JsonObject awaitCluster(NodeClient admin, Predicate<JsonObject> reached, String what) {
        return TestCluster.awaitCluster(admin, reached, what, DEADLINE);
    }

    private static int members(JsonObject report) {
        return report.getJsonArray("members").size();
    }

    /** Whether every member answered with the same applied position per origin. */
    private static boolean sameJournal(JsonObject report) {
        List<JsonObject> members = report.getJsonArray("members").getValuesAs(JsonObject.class);
        return members.stream().allMatch(member -> member.getBoolean("reachable"))
                && members.stream().map(member -> member.getJsonObject("journal")).distinct().count() == 1;
    }

    private static void awaitCentral(String database, String sql, Predicate<String> reached) {
        Eventually.await("central's answer to " + sql, DEADLINE, () -> {
            List<List<String>> rows = rows(database, sql);
            return rows.isEmpty() ? null : rows.getFirst().getFirst();
        }, reached);
    }

    private static List<List<String>> rows(String database, String sql) throws SQLException {
        return CENTRAL.rows(database, sql);
    }
}
