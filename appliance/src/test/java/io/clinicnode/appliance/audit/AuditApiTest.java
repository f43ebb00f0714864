package io.clinicnode.appliance.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

class AuditApiTest {
    @TempDir
    static Path dataDir;
    private static RunningNode node;
    private static ApiClient admin;
    private static ApiClient desk;

    @BeforeAll
    static void start() {
        node = RunningNode.start(dataDir);
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-audit");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void listsEveryViewAndChangeOfAPatientNewestFirst() {
        String patient = TestClinic.patient(desk);
        desk.get("/api/patients/" + patient);
        // A patient is checked in on the appointment's day only: today.
        LocalDate today = LocalDate.now(node.node().config().timeZone());
        String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Dra. Auditada");
        String appointment = TestClinic.book(desk, patient, practitioner, today + "T09:00", 30);
        desk.patch("/api/appointments/" + appointment, Json.createObjectBuilder().add("start", today + "T10:00").build());
        String entry = desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", appointment).build())
                .json().getString("id");
        desk.patch("/api/waiting-room/" + entry, Json.createObjectBuilder().add("status", "CALLED").build());
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, today + "T11:00", 30);

        ApiClient.Response response = admin.get("/api/audit?patientId=" + patient);

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<JsonObject> items = response.json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items).extracting(item -> item.getString("action"))
                .containsExactly("CALLED", "CHECK_IN", "MOVE", "BOOK", "VIEW", "CREATE");
        assertThat(items).extracting(item -> item.getString("entity"))
                .containsExactly("checkin", "checkin", "appointment", "appointment", "patient", "patient");
        assertThat(items).allSatisfy(item -> {
            assertThat(item.getString("recordId")).isEqualTo(patient);
            assertThat(item.getString("user")).isEqualTo("desk-audit");
            assertThat(item.getString("node")).startsWith("node-");
            assertThat(item.getString("id")).startsWith(item.getString("node") + ":");
            assertThat(Instant.parse(item.getString("at"))).isBeforeOrEqualTo(Instant.now());
        });
        assertThat(items.get(2).getString("detail")).contains(appointment, "09:00", "10:00");
        assertThat(items).extracting(item -> Instant.parse(item.getString("at"))).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void limitKeepsTheNewestEntries() {
        String patient = TestClinic.patient(desk);
        desk.get("/api/patients/" + patient);
        desk.get("/api/patients/" + patient);

        List<JsonObject> items = admin.get("/api/audit?patientId=" + patient + "&limit=2").json()
                .getJsonArray("items").getValuesAs(JsonObject.class);

        assertThat(items).extracting(item -> item.getString("action")).containsExactly("VIEW", "VIEW");
    }

    @Test
    void isForbiddenForFrontDesk() {
        String patient = TestClinic.patient(desk);

        ApiClient.Response response = desk.get("/api/audit?patientId=" + patient);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void patientIdIsRequiredAndMustBeAnId() {
        ApiClient.Response missing = admin.get("/api/audit");
        ApiClient.Response malformed = admin.get("/api/audit?patientId=someone");
        ApiClient.Response badLimit = admin.get("/api/audit?patientId=" + TestClinic.patient(desk) + "&limit=0");

        for (ApiClient.Response response : List.of(missing, malformed)) {
            assertThat(response.status()).isEqualTo(400);
            assertThat(firstErrorField(response)).isEqualTo("patientId");
        }
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(firstErrorField(badLimit)).isEqualTo("limit");
    }

    @Test
    void aSearchIsInTheTrailOfEveryPatientItShowedWithItsQueryAndUser() {
        String shown = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Quitéria Buscada Auditada")
                .add("birthDate", "1971-03-04").build()).json().getString("id");
        String other = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Quitéria Buscada Segunda")
                .add("birthDate", "1972-03-04").build()).json().getString("id");

        ApiClient.Response search = desk.get("/api/patients?q=quiteria%20busc");

        assertThat(search.status()).isEqualTo(200);
        List<JsonObject> items = admin.get("/api/audit?patientId=" + shown).json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(items.getFirst().getString("action")).isEqualTo("SEARCH");
        assertThat(items.getFirst().getString("user")).isEqualTo("desk-audit");
        assertThat(items.getFirst().getString("query")).isEqualTo("quiteria busc");
        assertThat(items.getFirst().getJsonArray("resultIds").getValuesAs(JsonString.class))
                .extracting(JsonString::getString).containsExactlyInAnyOrder(shown, other);
        assertThat(items.getFirst().getString("detail")).contains("quiteria busc", "2 patients");
        assertThat(items).extracting(item -> item.getString("action")).containsExactly("SEARCH", "CREATE");
    }

    @Test
    void verifyFindsAnIntactChainForEveryNode() {
        TestClinic.patient(desk);

        ApiClient.Response response = admin.get("/api/audit/verify");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonObject report = response.json();
        assertThat(report.getBoolean("ok")).isTrue();
        assertThat(report.getInt("checked")).isPositive();
        assertThat(report.containsKey("firstBreak")).isFalse();
        JsonObject chain = report.getJsonObject("nodes").values().iterator().next().asJsonObject();
        assertThat(chain.getBoolean("ok")).isTrue();
        assertThat(chain.getInt("entries")).isEqualTo(chain.getInt("lastSeq")).isEqualTo(report.getInt("checked"));
        assertThat(chain.getString("head")).hasSize(64);
        assertThat(desk.get("/api/audit/verify").status()).isEqualTo(403);
    }

    @Test
    void verifyFindsNoBreakWhileEntriesAreBeingAppended() throws Exception {
        String patient = TestClinic.patient(desk);
        AtomicBoolean done = new AtomicBoolean();
        Thread searches = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 150; i++) {
                desk.get("/api/patients?q=paciente&limit=5");
                desk.get("/api/patients/" + patient);
            }
            done.set(true);
        });
        int checks = 0;
        while (!done.get() || checks == 0) {
            JsonObject report = admin.get("/api/audit/verify").json();
            assertThat(report.getBoolean("ok")).as(report.toString()).isTrue();
            checks++;
        }
        searches.join();
        assertThat(checks).isPositive();
    }

    @Test
    void verifyReportsTheFirstBreakAfterEntriesWereDeletedOrAlteredWhileTheNodeWasStopped(@TempDir Path otherDir) {
        String patient;
        List<String> ids;
        try (RunningNode tampered = RunningNode.start(otherDir)) {
            ApiClient otherAdmin = tampered.admin();
            patient = TestClinic.patient(otherAdmin);
            for (int i = 0; i < 4; i++) {
                otherAdmin.get("/api/patients/" + patient);
            }
            // Oldest first: CREATE, then four VIEWs.
            ids = otherAdmin.get("/api/audit?patientId=" + patient).json().getJsonArray("items").getValuesAs(JsonObject.class)
                    .stream().map(item -> item.getString("id")).toList().reversed();
            assertThat(otherAdmin.get("/api/audit/verify").json().getBoolean("ok")).isTrue();
        }
        onDatabase(otherDir, "DELETE FROM audit_entry WHERE id = ?", ids.get(2));

        JsonObject missing = verifyAfterRestart(otherDir);

        assertThat(missing.getBoolean("ok")).isFalse();
        assertThat(missing.getInt("checked")).isEqualTo(4);
        JsonObject hole = missing.getJsonObject("firstBreak");
        assertThat(hole.getString("reason")).isEqualTo("missing");
        assertThat(hole.getInt("missing")).isEqualTo(1);
        assertThat(hole.getInt("chainSeq")).isEqualTo(3);
        assertThat(hole.getString("entryId")).isEqualTo(ids.get(3));
        assertThat(hole.getJsonObject("after").getString("entryId")).isEqualTo(ids.get(1));
        assertThat(hole.getString("node")).isEqualTo(ids.get(0).substring(0, ids.get(0).indexOf(':')));

        onDatabase(otherDir, "UPDATE audit_entry SET username = 'someone-else' WHERE id = ?", ids.get(1));
        onDatabase(otherDir, "DELETE FROM audit_entry WHERE id = ?", ids.get(4));

        JsonObject altered = verifyAfterRestart(otherDir);

        assertThat(altered.getJsonObject("firstBreak").getString("reason")).isEqualTo("altered");
        assertThat(altered.getJsonObject("firstBreak").getString("entryId")).isEqualTo(ids.get(1));
        assertThat(altered.getInt("breaks")).as("the altered entry, the hole and the deleted newest entry").isEqualTo(3);
    }

    @Test
    void replayingTheJournalIntoANewDatabaseRebuildsTheSameChain(@TempDir Path otherDir) {
        JsonObject before;
        try (RunningNode original = RunningNode.start(otherDir)) {
            ApiClient otherAdmin = original.admin();
            String patient = TestClinic.patient(otherAdmin);
            otherAdmin.get("/api/patients/" + patient);
            otherAdmin.get("/api/patients?q=paciente");
            before = otherAdmin.get("/api/audit/verify").json();
        }
        deleteRecursively(otherDir.resolve("db"));

        try (RunningNode rebuilt = RunningNode.start(otherDir)) {
            JsonObject after = rebuilt.admin().get("/api/audit/verify").json();

            assertThat(after.getBoolean("ok")).isTrue();
            before.getJsonObject("nodes").forEach((node, chain) ->
                    assertThat(after.getJsonObject("nodes").getJsonObject(node)).isEqualTo(chain));
        }
    }

    private static JsonObject verifyAfterRestart(Path dir) {
        try (RunningNode restarted = RunningNode.start(dir)) {
            ApiClient.Response response = restarted.admin().get("/api/audit/verify");
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            return response.json();
        }
    }

    /** Changes the stopped node's database behind its back, with the node's own way of opening it. */
    private static void onDatabase(Path dataDir, String sql, Object... parameters) {
        try (Database database = Database.open(dataDir.resolve("db"), 1)) {
            assertThat(database.client().execute().dml(sql, parameters)).isEqualTo(1);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void unknownPatientHasAnEmptyTrail() {
        ApiClient.Response response = admin.get("/api/audit?patientId=00000000-0000-0000-0000-000000000000");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getJsonArray("items")).isEmpty();
    }
}
