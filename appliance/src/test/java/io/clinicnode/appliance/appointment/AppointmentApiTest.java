package io.clinicnode.appliance.appointment;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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

import static io.clinicnode.appliance.testing.TestClinic.booking;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

class AppointmentApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient admin;
    private static ApiClient desk;
    private static final LocalDate MONDAY = TestClinic.futureMonday();

    @BeforeAll
    static void start() {
        node = NODE.node();
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-appointments");
    }

    private static String at(String time) {
        return MONDAY + "T" + time;
    }

    @Test
    void booksAndListsByDate() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Lista Diária");
        String patient = TestClinic.patient(desk);

        ApiClient.Response booked = desk.post("/api/appointments", Json.createObjectBuilder(booking(patient, practitioner, at("09:00"), 30))
                .add("notes", "Primeira consulta").build());

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        JsonObject appointment = booked.json();
        String id = appointment.getString("id");
        assertThat(booked.header("Location")).isEqualTo("/api/appointments/" + id);
        assertThat(appointment.getString("patientId")).isEqualTo(patient);
        assertThat(appointment.getString("practitionerId")).isEqualTo(practitioner);
        assertThat(appointment.getString("patientName")).startsWith("Paciente Teste");
        assertThat(appointment.getString("practitionerName")).isEqualTo("Dra. Lista Diária");
        assertThat(appointment.getString("start")).isEqualTo(at("09:00"));
        assertThat(appointment.getString("end")).isEqualTo(at("09:30"));
        assertThat(appointment.getInt("durationMinutes")).isEqualTo(30);
        assertThat(appointment.getString("status")).isEqualTo("BOOKED");
        assertThat(appointment.getString("notes")).isEqualTo("Primeira consulta");
        assertThat(desk.get("/api/appointments/" + id).json()).isEqualTo(appointment);

        String earlier = TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("08:00"), 15);
        List<JsonObject> day = items(desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=" + practitioner));
        assertThat(day).extracting(item -> item.getString("id")).containsExactly(earlier, id);
        assertThat(items(desk.get("/api/appointments?date=" + MONDAY.plusDays(1) + "&practitionerId=" + practitioner))).isEmpty();
        assertThat(items(desk.get("/api/appointments?date=" + MONDAY))).extracting(item -> item.getString("id")).contains(earlier, id);
    }

    @Test
    void refusesSecondBookingOfSameSlot() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Xavier Slot");
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("09:00"), 30);

        ApiClient.Response second = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:00"), 30));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(firstErrorField(second)).isEqualTo("start");
        assertThat(second.json().getString("detail")).isEqualTo("Dr. Xavier Slot already has an appointment from 09:00 to 09:30.");
    }

    @Test
    void refusalsOfABookingCarryStableCodesAtTheTopAndOnTheField() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Códigos");
        String patient = TestClinic.patient(desk);
        String booked = TestClinic.book(desk, patient, practitioner, at("09:00"), 30);
        String unknown = "00000000-0000-0000-0000-000000000000";

        ApiClient.Response taken = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:15"), 30));
        ApiClient.Response outside = desk.post("/api/appointments", booking(patient, practitioner, at("07:00"), 30));
        ApiClient.Response noPatient = desk.post("/api/appointments", booking(unknown, practitioner, at("10:00"), 30));
        ApiClient.Response noPractitioner = desk.post("/api/appointments", booking(patient, unknown, at("10:00"), 30));
        ApiClient.Response seconds = desk.post("/api/appointments", booking(patient, practitioner, at("10:00:30"), 30));
        ApiClient.Response tooShort = desk.post("/api/appointments", booking(patient, practitioner, at("10:00"), 3));
        ApiClient.Response direct = desk.patch("/api/appointments/" + booked, status("COMPLETED"));
        desk.patch("/api/appointments/" + booked, status("CANCELLED"));
        ApiClient.Response notBooked = desk.patch("/api/appointments/" + booked, status("NO_SHOW"));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().getString("code")).isEqualTo("slot.taken");
        assertThat(firstErrorField(taken)).isEqualTo("start");
        assertThat(firstErrorCode(taken)).isEqualTo("slot.taken");
        assertThat(taken.json().getJsonArray("errors").getJsonObject(0).getString("message")).contains("from 09:00 to 09:30");
        assertThat(outside.status()).isEqualTo(422);
        assertThat(List.of(outside.json().getString("code"), firstErrorCode(outside))).containsOnly("slot.outside-hours");
        assertThat(firstErrorCode(noPatient)).isEqualTo("patient.unknown");
        assertThat(firstErrorCode(noPractitioner)).isEqualTo("practitioner.unknown");
        assertThat(firstErrorCode(seconds)).isEqualTo("datetime.whole-minute");
        assertThat(firstErrorCode(tooShort)).isEqualTo("number.out-of-range");
        assertThat(firstErrorCode(direct)).isEqualTo("status.not-settable");
        assertThat(firstErrorCode(notBooked)).isEqualTo("appointment.not-booked");
        assertThat(firstErrorCode(desk.get("/api/appointments?date=tomorrow"))).isEqualTo("date.invalid");
        assertThat(firstErrorCode(desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=nope"))).isEqualTo("id.invalid");
    }

    @Test
    void refusesAnOverlappingBookingButAcceptsAnAdjacentOne() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Encaixe");
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("10:00"), 30);

        ApiClient.Response overlapsEnd = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("10:15"), 30));
        ApiClient.Response overlapsStart = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:45"), 30));
        ApiClient.Response contains = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:30"), 90));
        ApiClient.Response before = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:30"), 30));
        ApiClient.Response after = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("10:30"), 30));

        assertThat(List.of(overlapsEnd.status(), overlapsStart.status(), contains.status())).containsOnly(409);
        assertThat(overlapsEnd.json().getString("detail")).contains("from 10:00 to 10:30");
        assertThat(List.of(before.status(), after.status())).containsOnly(201);
    }

    @Test
    void refusesBookingOutsideWorkingHours() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Expediente");

        ApiClient.Response tooEarly = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("07:30"), 30));
        ApiClient.Response acrossLunch = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("11:45"), 30));
        ApiClient.Response saturday = desk.post("/api/appointments",
                booking(TestClinic.patient(desk), practitioner, MONDAY.plusDays(5) + "T09:00", 30));
        ApiClient.Response lastSlot = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("17:30"), 30));

        for (ApiClient.Response refused : List.of(tooEarly, acrossLunch, saturday)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(firstErrorField(refused)).isEqualTo("start");
        }
        assertThat(acrossLunch.json().getString("detail")).contains("08:00-12:00, 13:00-18:00 on Mondays");
        assertThat(saturday.json().getString("detail")).contains("does not work on Saturdays");
        assertThat(lastSlot.status()).isEqualTo(201);
    }

    @Test
    void concurrentBookingsOfOneSlotYieldExactlyOneAppointment() throws Exception {
        String practitioner = TestClinic.practitioner(admin, "Dr. Concorrido");
        List<String> patients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            patients.add(TestClinic.patient(desk));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        List<Integer> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (String patient : patients) {
                statuses.add(threads.submit(() -> {
                    go.await();
                    return desk.post("/api/appointments", booking(patient, practitioner, at("14:00"), 30)).status();
                }));
            }
            go.countDown();
            for (Future<Integer> status : statuses) {
                results.add(status.get());
            }
        }

        assertThat(results).filteredOn(status -> status == 201).hasSize(1);
        assertThat(results).filteredOn(status -> status == 409).hasSize(7);
        List<JsonObject> day = items(desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=" + practitioner));
        assertThat(day).hasSize(1);
        assertThat(day.getFirst().getString("start")).isEqualTo(at("14:00"));
        assertThat(day.getFirst().getString("status")).isEqualTo("BOOKED");
    }

    @Test
    void movesIntoAFreeSlotButNotIntoATakenOne() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Remarca");
        String moving = TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("08:00"), 30);
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("10:00"), 30);

        ApiClient.Response moved = desk.patch("/api/appointments/" + moving, Json.createObjectBuilder()
                .add("start", at("09:00")).add("durationMinutes", 45).build());
        ApiClient.Response intoTaken = desk.patch("/api/appointments/" + moving, Json.createObjectBuilder()
                .add("start", at("09:45")).build());
        ApiClient.Response outsideHours = desk.patch("/api/appointments/" + moving, Json.createObjectBuilder()
                .add("start", at("12:30")).build());
        ApiClient.Response longer = desk.patch("/api/appointments/" + moving, Json.createObjectBuilder()
                .add("durationMinutes", 60).build());

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().getString("start")).isEqualTo(at("09:00"));
        assertThat(moved.json().getString("end")).isEqualTo(at("09:45"));
        assertThat(intoTaken.status()).isEqualTo(409);
        assertThat(firstErrorField(intoTaken)).isEqualTo("start");
        assertThat(outsideHours.status()).isEqualTo(422);
        assertThat(longer.status()).as(longer.toString()).isEqualTo(200);
        assertThat(longer.json().getString("end")).isEqualTo(at("10:00"));
        assertThat(desk.get("/api/appointments/" + moving).json().getString("start")).isEqualTo(at("09:00"));
    }

    @Test
    void movingWithinItsOwnSlotIgnoresItself() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Ajuste Fino");
        String id = TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("09:00"), 30);

        ApiClient.Response moved = desk.patch("/api/appointments/" + id, Json.createObjectBuilder().add("start", at("09:15")).build());

        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        assertThat(moved.json().getString("end")).isEqualTo(at("09:45"));
    }

    @Test
    void cancellingFreesTheSlotAndIsFinal() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Cancela");
        String id = TestClinic.book(desk, TestClinic.patient(desk), practitioner, at("11:00"), 30);

        ApiClient.Response cancelled = desk.patch("/api/appointments/" + id, status("CANCELLED"));

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().getString("status")).isEqualTo("CANCELLED");
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("11:00"), 30)).status()).isEqualTo(201);
        ApiClient.Response again = desk.patch("/api/appointments/" + id, status("CANCELLED"));
        ApiClient.Response move = desk.patch("/api/appointments/" + id, Json.createObjectBuilder().add("start", at("15:00")).build());
        for (ApiClient.Response refused : List.of(again, move)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(firstErrorField(refused)).isEqualTo("status");
        }
        assertThat(items(desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=" + practitioner)))
                .extracting(item -> item.getString("status")).containsExactlyInAnyOrder("CANCELLED", "BOOKED");
    }

    @Test
    void marksANoShowButNotOfACheckedInAppointment() {
        // Today's, long started: a no-show only from the start plus the grace, a check-in on the appointment's day only.
        java.time.LocalDate today = java.time.LocalDate.now(node.node().config().timeZone());
        org.junit.jupiter.api.Assumptions.assumeTrue(java.time.LocalTime.now(node.node().config().timeZone()).isAfter(
                java.time.LocalTime.of(1, 0)), "too early in the clinic's day for a no-show of 00:00");
        String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Dr. Falta");
        String missed = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today + "T00:00", 30);
        String arrived = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today + "T00:30", 30);
        assertThat(desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", arrived).build()).status()).isEqualTo(201);

        ApiClient.Response noShow = desk.patch("/api/appointments/" + missed, status("NO_SHOW"));
        ApiClient.Response checkedIn = desk.patch("/api/appointments/" + arrived, status("NO_SHOW"));

        assertThat(noShow.status()).isEqualTo(200);
        assertThat(noShow.json().getString("status")).isEqualTo("NO_SHOW");
        assertThat(checkedIn.status()).isEqualTo(409);
        assertThat(firstErrorField(checkedIn)).isEqualTo("status");
        assertThat(checkedIn.json().getString("detail")).contains("checked in");
    }

    @Test
    void statusesOnlyReachedThroughTheWaitingRoomCannotBeSetDirectly() {
        String id = TestClinic.book(desk, TestClinic.patient(desk), TestClinic.practitioner(admin, "Dr. Direto"), at("15:00"), 30);

        ApiClient.Response completed = desk.patch("/api/appointments/" + id, status("COMPLETED"));
        ApiClient.Response nonsense = desk.patch("/api/appointments/" + id, status("DANCING"));
        ApiClient.Response both = desk.patch("/api/appointments/" + id, Json.createObjectBuilder()
                .add("status", "CANCELLED").add("start", at("16:00")).build());
        ApiClient.Response empty = desk.patch("/api/appointments/" + id, JsonValue.EMPTY_JSON_OBJECT);

        assertThat(completed.status()).isEqualTo(409);
        assertThat(firstErrorField(completed)).isEqualTo("status");
        assertThat(List.of(nonsense.status(), both.status(), empty.status())).containsOnly(400);
        assertThat(desk.get("/api/appointments/" + id).json().getString("status")).isEqualTo("BOOKED");
    }

    @Test
    void unknownPatientOrPractitionerIs404NamingTheField() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Existe");
        String unknown = "00000000-0000-0000-0000-000000000000";

        ApiClient.Response noPatient = desk.post("/api/appointments", booking(unknown, practitioner, at("09:00"), 30));
        ApiClient.Response noPractitioner = desk.post("/api/appointments", booking(TestClinic.patient(desk), unknown, at("09:00"), 30));

        assertThat(noPatient.status()).isEqualTo(404);
        assertThat(firstErrorField(noPatient)).isEqualTo("patientId");
        assertThat(noPractitioner.status()).isEqualTo(404);
        assertThat(firstErrorField(noPractitioner)).isEqualTo("practitionerId");
    }

    @Test
    void unknownAppointmentIs404() {
        String unknown = "/api/appointments/00000000-0000-0000-0000-000000000000";

        assertThat(desk.get(unknown).status()).isEqualTo(404);
        assertThat(desk.patch(unknown, status("CANCELLED")).status()).isEqualTo(404);
        assertThat(desk.get("/api/appointments/not-an-id").status()).isEqualTo(404);
    }

    @Test
    void badDatesAndFieldsAre400NamingEachField() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Validação");

        ApiClient.Response invalid = desk.post("/api/appointments", Json.createObjectBuilder()
                .add("practitionerId", practitioner).add("start", MONDAY + "T25:00").add("durationMinutes", 3).build());
        ApiClient.Response seconds = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, at("09:00:30"), 30));

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().getJsonArray("errors").toString()).contains("\"patientId\"", "\"start\"", "\"durationMinutes\"");
        assertThat(seconds.status()).isEqualTo(400);
        ApiClient.Response noDate = desk.get("/api/appointments");
        assertThat(noDate.status()).isEqualTo(400);
        assertThat(firstErrorField(noDate)).isEqualTo("date");
        assertThat(desk.get("/api/appointments?date=2026-02-30").status()).isEqualTo(400);
        assertThat(desk.get("/api/appointments?date=tomorrow").status()).isEqualTo(400);
        assertThat(desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=nope").status()).isEqualTo(400);
    }

    @Test
    void daysOutsideTheBookingWindowAreRefusedNamingStart() {
        String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Dra. Calendário");
        String patient = TestClinic.patient(desk);
        String sixYearsAhead = LocalDate.now().plusYears(6) + "T09:00";

        for (String start : List.of("0000-03-06T09:00", "1999-12-31T09:00", sixYearsAhead)) {
            ApiClient.Response refused = desk.post("/api/appointments", booking(patient, practitioner, start, 30));

            assertThat(refused.status()).as(start + ": " + refused).isEqualTo(400);
            assertThat(firstErrorField(refused)).isEqualTo("start");
            assertThat(refused.json().getString("detail")).contains("2000-01-01");
        }
        String booked = TestClinic.book(desk, patient, practitioner, "2000-01-03T09:00", 30);
        ApiClient.Response moved = desk.patch("/api/appointments/" + booked,
                Json.createObjectBuilder().add("start", sixYearsAhead).build());
        assertThat(moved.status()).isEqualTo(400);
        assertThat(firstErrorField(moved)).isEqualTo("start");
    }

    private static JsonObject status(String status) {
        return Json.createObjectBuilder().add("status", status).build();
    }

    private static List<JsonObject> items(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }
}
