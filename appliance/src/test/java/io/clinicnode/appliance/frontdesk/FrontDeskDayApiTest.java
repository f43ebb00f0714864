package io.clinicnode.appliance.frontdesk;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

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

/**
 * The front desk's day (issue 11): guarded, undoable mistakes; encaixes and walk-ins; the waiting room's extra states;
 * legal priorities; rooms and the call panel. One real node; every rule and refusal through the API.
 */
class FrontDeskDayApiTest {
    /** A no-show is allowed from the start plus this grace (clinicnode.no-show-grace-minutes). */
    private static final int GRACE = 20;
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass(Map.of("no-show-grace-minutes", Integer.toString(GRACE)));
    private static RunningNode node;
    private static ApiClient admin;
    private static ApiClient desk;
    private static ZoneId zone;

    @BeforeAll
    static void start() {
        node = NODE.node();
        admin = node.admin();
        desk = NODE.desk("desk-day");
        zone = node.node().config().timeZone();
    }

    private static LocalDate today() {
        return LocalDate.now(zone);
    }

    /** The clinic-local time {@code minutesAgo} before now, on a whole minute; the test is skipped near midnight. */
    private static LocalDateTime minutesAgo(int minutesAgo) {
        LocalDateTime now = LocalDateTime.now(zone).truncatedTo(ChronoUnit.MINUTES);
        assumeTrue(now.toLocalTime().isAfter(LocalTime.MIDNIGHT.plusMinutes(minutesAgo + 5)) && now.toLocalTime().isBefore(LocalTime.of(23, 0)),
                "too close to midnight in the clinic's time zone");
        return now.minusMinutes(minutesAgo);
    }

    private static String practitioner(String name) {
        return TestClinic.alwaysWorkingPractitioner(admin, name);
    }

    private static String book(String practitioner, LocalDateTime start) {
        return TestClinic.book(desk, TestClinic.patient(desk), practitioner, start.toString(), 30);
    }

    private static ApiClient.Response status(String appointment, String status) {
        return desk.patch("/api/appointments/" + appointment, Json.createObjectBuilder().add("status", status).build());
    }

    private static ApiClient.Response undo(String appointment) {
        return desk.post("/api/appointments/" + appointment + "/undo", JsonValue.EMPTY_JSON_OBJECT);
    }

    private static ApiClient.Response checkIn(String appointment, String... priorities) {
        return desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", appointment)
                .add("priorities", Json.createArrayBuilder(List.of(priorities))).build());
    }

    private static ApiClient.Response visit(String entry, String status) {
        return desk.patch("/api/waiting-room/" + entry, Json.createObjectBuilder().add("status", status).build());
    }

    private static String appointmentStatus(String appointment) {
        return desk.get("/api/appointments/" + appointment).json().getString("status");
    }

    private static List<JsonObject> board() {
        return desk.get("/api/waiting-room").json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    private static String patientBorn(String name, LocalDate birthDate) {
        ApiClient.Response created = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", name)
                .add("birthDate", birthDate.toString()).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    // ---- No-show: guarded, final, undoable; freed slots -------------------------------------------------------------

    @Test
    void noShowIsRefusedBeforeTheStartPlusTheGrace() {
        String practitioner = practitioner("Dr. Tolerância");
        String started = book(practitioner, minutesAgo(GRACE - 5));
        String future = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today().plusDays(2) + "T10:00", 30);

        for (String appointment : List.of(started, future)) {
            ApiClient.Response refused = status(appointment, "NO_SHOW");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(firstErrorField(refused)).isEqualTo("status");
            assertThat(firstErrorCode(refused)).isEqualTo("no-show.too-early");
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(appointmentStatus(appointment)).isEqualTo("BOOKED");
        }
        String late = book(practitioner("Dr. Tolerância Passada"), minutesAgo(GRACE + 1));
        assertThat(status(late, "NO_SHOW").status()).isEqualTo(200);
    }

    @Test
    void aNoShowIsFinalAndItsSlotIsFree() {
        String practitioner = practitioner("Dr. Final");
        LocalDateTime start = minutesAgo(60);
        String missed = book(practitioner, start);
        assertThat(status(missed, "NO_SHOW").status()).isEqualTo(200);

        ApiClient.Response checkIn = checkIn(missed);
        ApiClient.Response move = desk.patch("/api/appointments/" + missed, Json.createObjectBuilder()
                .add("start", start.plusHours(2).toString()).build());
        ApiClient.Response cancel = status(missed, "CANCELLED");

        for (ApiClient.Response refused : List.of(checkIn, move, cancel)) {
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(firstErrorCode(refused)).isEqualTo("appointment.not-booked");
        }
        assertThat(appointmentStatus(missed)).isEqualTo("NO_SHOW");
        ApiClient.Response again = desk.post("/api/appointments", TestClinic.booking(TestClinic.patient(desk), practitioner,
                start.toString(), 30));
        assertThat(again.status()).as("the no-show's slot is free").isEqualTo(201);
        assertThat(again.json().getBoolean("doubleBooked")).isFalse();
    }

    @Test
    void noShowAndCancellationAreUndoneTheSameDayAndAudited() {
        String practitioner = practitioner("Dra. Desfaz");
        String missed = book(practitioner, minutesAgo(90));
        String cancelled = book(practitioner, minutesAgo(30));
        status(missed, "NO_SHOW");
        status(cancelled, "CANCELLED");

        ApiClient.Response undoneNoShow = undo(missed);
        ApiClient.Response undoneCancel = undo(cancelled);

        assertThat(undoneNoShow.status()).as(undoneNoShow.toString()).isEqualTo(200);
        assertThat(undoneNoShow.json().getString("status")).isEqualTo("BOOKED");
        assertThat(undoneCancel.json().getString("status")).isEqualTo("BOOKED");
        String patient = desk.get("/api/appointments/" + missed).json().getString("patientId");
        assertThat(admin.get("/api/audit?patientId=" + patient).json().getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("action")).contains("NO_SHOW", "UNDO_NO_SHOW");
        ApiClient.Response nothing = undo(missed);
        assertThat(nothing.status()).isEqualTo(409);
        assertThat(firstErrorCode(nothing)).isEqualTo("undo.nothing");
    }

    @Test
    void undoingACancellationIsRefusedWhenTheFreedSlotWasBooked() {
        String practitioner = practitioner("Dr. Vaga Ocupada");
        LocalDateTime start = today().plusDays(1).atTime(9, 0);
        String cancelled = book(practitioner, start);
        status(cancelled, "CANCELLED");
        book(practitioner, start);

        ApiClient.Response refused = undo(cancelled);

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(firstErrorCode(refused)).isEqualTo("slot.taken");
        assertThat(appointmentStatus(cancelled)).isEqualTo("CANCELLED");
    }

    // ---- Check-in: only on the day; undo before the call ------------------------------------------------------------

    @Test
    void checkInIsRefusedOnAnotherDaysAppointment() {
        String practitioner = practitioner("Dr. Amanhã");
        String tomorrow = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today().plusDays(1) + "T10:00", 30);
        String yesterday = TestClinic.book(desk, TestClinic.patient(desk), practitioner, today().minusDays(1) + "T10:00", 30);

        for (String appointment : List.of(tomorrow, yesterday)) {
            ApiClient.Response refused = checkIn(appointment);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
            assertThat(firstErrorField(refused)).isEqualTo("appointmentId");
            assertThat(firstErrorCode(refused)).isEqualTo("checkin.not-today");
            assertThat(appointmentStatus(appointment)).isEqualTo("BOOKED");
        }
    }

    @Test
    void aCheckInIsUndoneBeforeTheCallButNotAfter() {
        String practitioner = practitioner("Dra. Volta");
        String appointment = book(practitioner, minutesAgo(10));
        String entry = checkIn(appointment).json().getString("id");

        ApiClient.Response undone = undo(appointment);

        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(undone.json().getString("status")).isEqualTo("BOOKED");
        assertThat(board()).extracting(item -> item.getString("id")).doesNotContain(entry);
        String again = checkIn(appointment).json().getString("id");
        assertThat(board()).extracting(item -> item.getString("id")).contains(again);
        visit(again, "CALLED");
        ApiClient.Response refused = undo(appointment);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(firstErrorCode(refused)).isEqualTo("checkin.already-called");
        assertThat(appointmentStatus(appointment)).isEqualTo("CHECKED_IN");
    }

    // ---- Encaixe and walk-ins ---------------------------------------------------------------------------------------

    @Test
    void aSqueezeInMayOverlapOnlyWhenAskedAndByRole() {
        String practitioner = practitioner("Dr. Encaixe");
        LocalDateTime start = today().plusDays(1).atTime(14, 0);
        book(practitioner, start);
        JsonObject overlapping = TestClinic.booking(TestClinic.patient(desk), practitioner, start.plusMinutes(10).toString(), 15);

        ApiClient.Response silent = desk.post("/api/appointments", overlapping);
        ApiClient.Response squeezed = desk.post("/api/appointments", Json.createObjectBuilder(overlapping).add("squeezeIn", true).build());
        ApiClient.Response adminOnly = adminOnlyUser().post("/api/appointments",
                Json.createObjectBuilder(overlapping).add("squeezeIn", true).build());

        assertThat(silent.status()).isEqualTo(409);
        assertThat(firstErrorCode(silent)).isEqualTo("slot.taken");
        assertThat(squeezed.status()).as(squeezed.toString()).isEqualTo(201);
        assertThat(squeezed.json().getBoolean("squeezeIn")).isTrue();
        assertThat(squeezed.json().getBoolean("doubleBooked")).isFalse();
        assertThat(adminOnly.status()).isEqualTo(403);
        assertThat(firstErrorCode(adminOnly)).isEqualTo("squeeze-in.forbidden");
        assertThat(desk.get("/api/appointments?date=" + start.toLocalDate() + "&practitionerId=" + practitioner).json()
                .getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getBoolean("squeezeIn")).containsExactly(false, true);
    }

    private static ApiClient adminOnlyUser() {
        ApiClient.Response created = admin.post("/api/users", Json.createObjectBuilder().add("username", "only-admin")
                .add("displayName", "Only admin").add("password", "admin-only-secret-1")
                .add("roles", Json.createArrayBuilder().add("ADMIN")).build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return admin.withToken(null).login("only-admin", "admin-only-secret-1");
    }

    @Test
    void aWalkInWaitsWithoutAnAppointmentAndCanBeUndone() {
        String practitioner = practitioner("Dra. Sem Hora");
        String patient = TestClinic.patient(desk);

        ApiClient.Response walkIn = desk.post("/api/checkins", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("walkIn", true).build());

        assertThat(walkIn.status()).as(walkIn.toString()).isEqualTo(201);
        JsonObject entry = walkIn.json();
        assertThat(entry.getBoolean("walkIn")).isTrue();
        assertThat(entry.get("appointmentId")).isEqualTo(JsonValue.NULL);
        assertThat(entry.get("appointmentStart")).isEqualTo(JsonValue.NULL);
        assertThat(entry.getString("patientId")).isEqualTo(patient);
        assertThat(entry.getString("status")).isEqualTo("WAITING");
        assertThat(board()).extracting(item -> item.getString("id")).contains(entry.getString("id"));

        ApiClient.Response undone = desk.post("/api/waiting-room/" + entry.getString("id") + "/undo", JsonValue.EMPTY_JSON_OBJECT);
        assertThat(undone.status()).as(undone.toString()).isEqualTo(200);
        assertThat(undone.json().getBoolean("undone")).isTrue();
        assertThat(board()).extracting(item -> item.getString("id")).doesNotContain(entry.getString("id"));
    }

    @Test
    void aWalkInNeedsAKnownPatientAndPractitioner() {
        String unknown = "00000000-0000-0000-0000-000000000000";
        ApiClient.Response missing = desk.post("/api/checkins", Json.createObjectBuilder().add("patientId", TestClinic.patient(desk))
                .add("walkIn", true).build());
        ApiClient.Response noPatient = desk.post("/api/checkins", Json.createObjectBuilder().add("patientId", unknown)
                .add("practitionerId", practitioner("Dr. Existe")).add("walkIn", true).build());

        assertThat(missing.status()).isEqualTo(400);
        assertThat(firstErrorField(missing)).isEqualTo("practitionerId");
        assertThat(noPatient.status()).isEqualTo(404);
        assertThat(firstErrorCode(noPatient)).isEqualTo("patient.unknown");
    }

    // ---- Waiting room: back to the queue, no answer, left; the card's times ------------------------------------------

    @Test
    void aMistakenCallGoesBackToTheQueueAndNoAnswerAndLeftAreStates() {
        String practitioner = practitioner("Dr. Chamada");
        String appointment = book(practitioner, minutesAgo(25));
        JsonObject checkedIn = checkIn(appointment).json();
        String entry = checkedIn.getString("id");

        assertThat(checkedIn.getString("appointmentStart")).isEqualTo(minutesAgo(25).toString());
        assertThat(checkedIn.getInt("lateMinutes")).isBetween(24, 26);
        ApiClient.Response noAnswerFirst = visit(entry, "NO_ANSWER");
        assertThat(noAnswerFirst.status()).isEqualTo(409);
        assertThat(firstErrorCode(noAnswerFirst)).isEqualTo("visit.transition");
        assertThat(visit(entry, "CALLED").json().getString("calledAt")).isNotBlank();
        JsonObject back = visit(entry, "WAITING").json();
        assertThat(back.getString("status")).isEqualTo("WAITING");
        assertThat(back.get("calledAt")).isEqualTo(JsonValue.NULL);
        assertThat(visit(entry, "CALLED").status()).isEqualTo(200);
        assertThat(visit(entry, "NO_ANSWER").json().getString("status")).isEqualTo("NO_ANSWER");
        assertThat(visit(entry, "CALLED").json().getString("status")).isEqualTo("CALLED");
        assertThat(visit(entry, "LEFT").json().getString("status")).isEqualTo("LEFT");
        ApiClient.Response afterLeaving = visit(entry, "CALLED");
        assertThat(afterLeaving.status()).isEqualTo(409);
        assertThat(firstErrorCode(afterLeaving)).isEqualTo("visit.transition");
    }

    // ---- Priority queue --------------------------------------------------------------------------------------------

    @Test
    void legalPrioritiesComeFirstOnTheBoardWithEightyPlusAheadOfThem() {
        String practitioner = practitioner("Dra. Prioridade");
        LocalDate today = today();
        String plain = TestClinic.book(desk, patientBorn("Carlos Comum", today.minusYears(40)), practitioner, minutesAgo(50).toString(), 10);
        String sixty = TestClinic.book(desk, patientBorn("Zilda Sessenta", today.minusYears(65)), practitioner,
                minutesAgo(40).toString(), 10);
        String pregnant = TestClinic.book(desk, patientBorn("Ana Gestante", today.minusYears(30)), practitioner,
                minutesAgo(30).toString(), 10);
        String eighty = TestClinic.book(desk, patientBorn("Olga Oitenta", today.minusYears(85)), practitioner,
                minutesAgo(20).toString(), 10);

        String plainEntry = checkIn(plain).json().getString("id");
        JsonObject sixtyEntry = checkIn(sixty).json();
        JsonObject pregnantEntry = checkIn(pregnant, "PREGNANT").json();
        JsonObject eightyEntry = checkIn(eighty).json();

        assertThat(sixtyEntry.getJsonArray("priorities").getString(0)).isEqualTo("AGE_60");
        assertThat(pregnantEntry.getJsonArray("priorities").getString(0)).isEqualTo("PREGNANT");
        assertThat(eightyEntry.getJsonArray("priorities").getString(0)).isEqualTo("AGE_80");
        assertThat(board().stream().filter(item -> item.getString("practitionerId").equals(practitioner)).map(item -> item.getString("id")))
                .containsExactly(eightyEntry.getString("id"), sixtyEntry.getString("id"), pregnantEntry.getString("id"), plainEntry);
        ApiClient.Response typedAge = checkIn(TestClinic.book(desk, TestClinic.patient(desk), practitioner,
                minutesAgo(10).toString(), 5), "AGE_60");
        assertThat(typedAge.status()).isEqualTo(400);
        assertThat(firstErrorCode(typedAge)).isEqualTo("priority.invalid");
    }

    // ---- Rooms and the call panel ----------------------------------------------------------------------------------

    @Test
    void thePanelShowsOnlyFirstNameInitialAndRoomToAValidDisplayToken() throws Exception {
        String practitioner = practitioner("Dra. Painel");
        ApiClient.Response room = desk.put("/api/rooms/" + practitioner, Json.createObjectBuilder().add("room", "Consultório 4").build());
        assertThat(room.status()).as(room.toString()).isEqualTo(200);
        assertThat(room.json().getString("room")).isEqualTo("Consultório 4");
        String patient = patientBorn("Marta Helena Quintanilha", LocalDate.of(1990, 3, 4));
        String first = TestClinic.book(desk, patient, practitioner, minutesAgo(15).toString(), 10);
        String second = TestClinic.book(desk, TestClinic.patient(desk), practitioner, minutesAgo(5).toString(), 10);
        String firstEntry = checkIn(first).json().getString("id");
        String secondEntry = checkIn(second).json().getString("id");
        visit(firstEntry, "CALLED");
        JsonObject calledElsewhere = desk.patch("/api/waiting-room/" + secondEntry, Json.createObjectBuilder().add("status", "CALLED")
                .add("room", "Sala de vacinas").build()).json();
        assertThat(calledElsewhere.getString("room")).isEqualTo("Sala de vacinas");

        ApiClient.Response deskCreates = desk.post("/api/display-tokens", Json.createObjectBuilder().add("name", "TV").build());
        ApiClient.Response created = admin.post("/api/display-tokens", Json.createObjectBuilder().add("name", "TV da recepção").build());
        assertThat(deskCreates.status()).isEqualTo(403);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String token = created.json().getString("token");
        assertThat(created.json().getString("panelPath")).isEqualTo("/panel#token=" + token);
        assertThat(admin.get("/api/display-tokens").body()).doesNotContain(token);

        HttpResponse<String> calls = panelCalls(token);
        assertThat(calls.statusCode()).isEqualTo(200);
        List<JsonObject> items = Json.createReader(new java.io.StringReader(calls.body())).readObject().getJsonArray("items")
                .getValuesAs(JsonObject.class);
        JsonObject marta = items.stream().filter(item -> item.getString("id").equals(firstEntry)).findFirst().orElseThrow();
        assertThat(marta.getString("name")).isEqualTo("Marta Q.");
        assertThat(marta.getString("room")).isEqualTo("Consultório 4");
        assertThat(items.get(0).getString("id")).as("newest call first").isEqualTo(secondEntry);
        assertThat(items.get(0).getString("room")).isEqualTo("Sala de vacinas");
        for (JsonObject item : items) {
            assertThat(item.keySet()).containsExactlyInAnyOrder("id", "name", "room", "calledAt");
        }
        assertThat(calls.body()).doesNotContain("Helena").doesNotContain("Quintanilha").doesNotContain("1990")
                .doesNotContain(patient).doesNotContain(practitioner);
        assertThat(panelCalls(null).statusCode()).isEqualTo(401);
        assertThat(panelCalls("wrong-token").statusCode()).isEqualTo(401);
        assertThat(withBearer(token, "/api/patients?q=Marta").statusCode()).as("the token grants the panel only").isEqualTo(401);

        assertThat(admin.delete("/api/display-tokens/" + created.json().getString("id")).status()).isEqualTo(204);
        assertThat(panelCalls(token).statusCode()).isEqualTo(401);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.api().baseUrl() + "/panel")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    }

    private static HttpResponse<String> panelCalls(String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.api().baseUrl() + "/panel/calls"));
        if (token != null) {
            request.header("Authorization", "Display " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> withBearer(String token, String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.api().baseUrl() + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }
}
