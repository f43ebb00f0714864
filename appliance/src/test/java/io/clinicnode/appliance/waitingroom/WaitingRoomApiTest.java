package io.clinicnode.appliance.waitingroom;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WaitingRoomApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient admin;
    private static ApiClient desk;
    /** Check-ins are only on the appointment's day: these tests check in today's appointments. */
    private static LocalDate today;

    @BeforeAll
    static void start() {
        node = NODE.node();
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-waiting-room");
        today = LocalDate.now(node.node().config().timeZone());
    }

    /** Books a new patient with a new practitioner today at {@code time}. */
    private static String appointment(String time) {
        return TestClinic.book(desk, TestClinic.patient(desk), TestClinic.alwaysWorkingPractitioner(admin, "Dr. Sala " + time),
                today + "T" + time, 30);
    }

    private static ApiClient.Response checkIn(String appointmentId) {
        return desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", appointmentId).build());
    }

    private static ApiClient.Response move(String entryId, String status) {
        return desk.patch("/api/waiting-room/" + entryId, Json.createObjectBuilder().add("status", status).build());
    }

    @Test
    void checkInPutsThePatientWaitingOnTheBoard() {
        String appointmentId = appointment("09:00");
        JsonObject appointment = desk.get("/api/appointments/" + appointmentId).json();

        ApiClient.Response checkedIn = checkIn(appointmentId);

        assertThat(checkedIn.status()).as(checkedIn.toString()).isEqualTo(201);
        JsonObject entry = checkedIn.json();
        assertThat(checkedIn.header("Location")).isEqualTo("/api/waiting-room/" + entry.getString("id"));
        assertThat(entry.getString("appointmentId")).isEqualTo(appointmentId);
        assertThat(entry.getString("patientId")).isEqualTo(appointment.getString("patientId"));
        assertThat(entry.getString("patientName")).isEqualTo(appointment.getString("patientName"));
        assertThat(entry.getString("practitionerId")).isEqualTo(appointment.getString("practitionerId"));
        assertThat(entry.getString("practitionerName")).isEqualTo(appointment.getString("practitionerName"));
        assertThat(entry.getString("status")).isEqualTo("WAITING");
        assertThat(Instant.parse(entry.getString("checkedInAt"))).isBeforeOrEqualTo(Instant.now());
        assertThat(entry.get("calledAt")).isEqualTo(JsonValue.NULL);
        assertThat(entry.getInt("waitedMinutes")).isZero();
        assertThat(desk.get("/api/appointments/" + appointmentId).json().getString("status")).isEqualTo("CHECKED_IN");
        assertThat(board(today)).extracting(item -> item.getString("id")).contains(entry.getString("id"));
    }

    @Test
    void statusWalksForwardAndDoneCompletesTheAppointment() {
        String appointmentId = appointment("10:00");
        String entry = checkIn(appointmentId).json().getString("id");

        ApiClient.Response called = move(entry, "CALLED");
        ApiClient.Response consulting = move(entry, "IN_CONSULTATION");
        ApiClient.Response done = move(entry, "DONE");

        assertThat(called.status()).isEqualTo(200);
        assertThat(called.json().getString("status")).isEqualTo("CALLED");
        assertThat(called.json().getString("calledAt")).isNotBlank();
        assertThat(consulting.json().getString("status")).isEqualTo("IN_CONSULTATION");
        assertThat(consulting.json().getString("inConsultationAt")).isNotBlank();
        assertThat(done.json().getString("status")).isEqualTo("DONE");
        assertThat(done.json().getString("doneAt")).isNotBlank();
        assertThat(done.json().getString("calledAt")).isEqualTo(called.json().getString("calledAt"));
        assertThat(desk.get("/api/appointments/" + appointmentId).json().getString("status")).isEqualTo("COMPLETED");
        assertThat(desk.get("/api/waiting-room/" + entry).json().getString("status")).isEqualTo("DONE");
    }

    @Test
    void skippingForwardIsAllowedAndGoingBackIs409() {
        String entry = checkIn(appointment("11:00")).json().getString("id");

        ApiClient.Response skipped = move(entry, "IN_CONSULTATION");
        ApiClient.Response back = move(entry, "CALLED");
        ApiClient.Response same = move(entry, "IN_CONSULTATION");

        assertThat(skipped.status()).isEqualTo(200);
        assertThat(skipped.json().getString("calledAt")).isEqualTo(skipped.json().getString("inConsultationAt"));
        for (ApiClient.Response refused : List.of(back, same)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(firstErrorField(refused)).isEqualTo("status");
            assertThat(firstErrorCode(refused)).isEqualTo("visit.backwards");
        }
        assertThat(desk.get("/api/waiting-room/" + entry).json().getString("status")).isEqualTo("IN_CONSULTATION");
    }

    @Test
    void checkingInTwiceOrACancelledOrNoShowAppointmentIs409() {
        String twice = appointment("13:00");
        String cancelled = appointment("13:30");
        // A no-show only from the start plus the grace: an appointment of the day's first minute.
        assumeTrue(java.time.LocalTime.now(node.node().config().timeZone()).isAfter(java.time.LocalTime.of(1, 0)),
                "too early in the clinic's day for a no-show of 00:00");
        String noShow = appointment("00:00");
        checkIn(twice);
        desk.patch("/api/appointments/" + cancelled, Json.createObjectBuilder().add("status", "CANCELLED").build());
        desk.patch("/api/appointments/" + noShow, Json.createObjectBuilder().add("status", "NO_SHOW").build());

        for (String appointmentId : List.of(twice, cancelled, noShow)) {
            ApiClient.Response refused = checkIn(appointmentId);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(firstErrorField(refused)).isEqualTo("appointmentId");
            assertThat(firstErrorCode(refused)).isEqualTo("appointment.not-booked");
        }
        assertThat(board(today)).filteredOn(item -> item.getString("appointmentId").equals(twice)).hasSize(1);
    }

    @Test
    void unknownIdsAre404AndBadInputIs400() {
        ApiClient.Response unknownAppointment = checkIn("00000000-0000-0000-0000-000000000000");
        String entry = checkIn(appointment("15:00")).json().getString("id");

        assertThat(unknownAppointment.status()).isEqualTo(404);
        assertThat(firstErrorField(unknownAppointment)).isEqualTo("appointmentId");
        assertThat(firstErrorCode(unknownAppointment)).isEqualTo("appointment.unknown");
        assertThat(move("00000000-0000-0000-0000-000000000000", "CALLED").status()).isEqualTo(404);
        assertThat(desk.get("/api/waiting-room/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(desk.post("/api/checkins", JsonValue.EMPTY_JSON_OBJECT).status()).isEqualTo(400);
        assertThat(move(entry, "GONE_HOME").status()).isEqualTo(400);
        assertThat(desk.get("/api/waiting-room?date=2026-13-01").status()).isEqualTo(400);
    }

    @Test
    void boardDefaultsToTodayInTheClinicTimeZone() {
        LocalDate today = LocalDate.now(node.node().config().timeZone());
        String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Dr. Plantão");
        String appointmentId = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today + "T12:00", 30);
        String entry = checkIn(appointmentId).json().getString("id");

        ApiClient.Response response = desk.get("/api/waiting-room");
        // A run that crosses midnight in the clinic's zone cannot tell "today" apart; it proves nothing then.
        assumeTrue(today.equals(LocalDate.now(node.node().config().timeZone())), "the clinic's day changed during the test");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("date")).isEqualTo(today.toString());
        assertThat(response.json().getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).contains(entry);
        assertThat(board(today.plusDays(1))).extracting(item -> item.getString("id")).doesNotContain(entry);
    }

    private static List<JsonObject> board(LocalDate day) {
        ApiClient.Response response = desk.get("/api/waiting-room?date=" + day);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }
}
