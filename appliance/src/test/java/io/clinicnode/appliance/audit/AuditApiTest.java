package io.clinicnode.appliance.audit;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;

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
    private static final LocalDate MONDAY = TestClinic.futureMonday();

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
        String practitioner = TestClinic.practitioner(admin, "Dra. Auditada");
        String appointment = TestClinic.book(desk, patient, practitioner, MONDAY + "T09:00", 30);
        desk.patch("/api/appointments/" + appointment, Json.createObjectBuilder().add("start", MONDAY + "T10:00").build());
        String entry = desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", appointment).build())
                .json().getString("id");
        desk.patch("/api/waiting-room/" + entry, Json.createObjectBuilder().add("status", "CALLED").build());
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T11:00", 30);

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
    void unknownPatientHasAnEmptyTrail() {
        ApiClient.Response response = admin.get("/api/audit?patientId=00000000-0000-0000-0000-000000000000");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getJsonArray("items")).isEmpty();
    }
}
