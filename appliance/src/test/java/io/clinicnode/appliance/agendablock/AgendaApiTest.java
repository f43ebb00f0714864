package io.clinicnode.appliance.agendablock;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.clinicnode.appliance.testing.TestClinic.booking;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

/** The agenda's week, blocks, holidays, next free slot and changes of working hours. */
class AgendaApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static ApiClient admin;
    private static ApiClient desk;
    private static final LocalDate MONDAY = TestClinic.futureMonday();

    @BeforeAll
    static void start() {
        RunningNode node = NODE.node();
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-agenda");
    }

    private static ApiClient.Response block(String practitionerId, String start, String end, String reason) {
        return desk.post("/api/agenda/blocks", Json.createObjectBuilder().add("practitionerId", practitionerId)
                .add("start", start).add("end", end).add("reason", reason).build());
    }

    private static List<JsonObject> items(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().getJsonArray("items").getValuesAs(JsonObject.class);
    }

    @Test
    void listsAPractitionersWeekForTheWeekView() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Semana Inteira");
        String monday = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T09:00", 30);
        String friday = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY.plusDays(4) + "T17:00", 30);
        String nextMonday = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY.plusDays(7) + "T09:00", 30);

        List<JsonObject> week = items(desk.get("/api/appointments?from=" + MONDAY + "&days=7&practitionerId=" + practitioner));

        assertThat(week).extracting(item -> item.getString("id")).containsExactly(monday, friday).doesNotContain(nextMonday);
        ApiClient.Response tooMany = desk.get("/api/appointments?from=" + MONDAY + "&days=60");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(firstErrorField(tooMany)).isEqualTo("days");
    }

    @Test
    void aBlockedAfternoonRefusesBookingsWithACodeAndListsThoseAlreadyInside() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Tarde Livre");
        String inside = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T14:00", 30);

        ApiClient.Response blocked = block(practitioner, MONDAY + "T13:00", MONDAY + "T18:00", "Congresso");

        assertThat(blocked.status()).as(blocked.toString()).isEqualTo(201);
        assertThat(blocked.json().getString("kind")).isEqualTo("BLOCK");
        assertThat(blocked.json().getString("practitionerName")).isEqualTo("Dr. Tarde Livre");
        assertThat(blocked.json().getJsonArray("appointmentsInside").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).containsExactly(inside);
        ApiClient.Response refused = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, MONDAY + "T15:00", 30));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(firstErrorField(refused)).isEqualTo("start");
        assertThat(refused.json().getString("code")).isEqualTo("slot.blocked");
        assertThat(refused.json().getString("detail")).contains("Dr. Tarde Livre", "Congresso");
        ApiClient.Response movedIn = desk.patch("/api/appointments/" + inside, Json.createObjectBuilder().add("start", MONDAY + "T16:00").build());
        assertThat(movedIn.json().getString("code")).isEqualTo("slot.blocked");
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, MONDAY + "T11:00", 30)).status())
                .as("the morning is still open").isEqualTo(201);

        String blockId = blocked.json().getString("id");
        assertThat(items(desk.get("/api/agenda/blocks?from=" + MONDAY + "&to=" + MONDAY.plusDays(6) + "&practitionerId=" + practitioner)))
                .extracting(item -> item.getString("id")).containsExactly(blockId);
        assertThat(desk.delete("/api/agenda/blocks/" + blockId).status()).isEqualTo(204);
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, MONDAY + "T15:00", 30)).status())
                .as("lifted").isEqualTo(201);
    }

    @Test
    void aVacationBlocksEveryDayOfIt() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Férias");
        assertThat(block(practitioner, MONDAY + "T00:00", MONDAY.plusDays(5) + "T00:00", "Férias").status()).isEqualTo(201);

        ApiClient.Response wednesday = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner,
                MONDAY.plusDays(2) + "T10:00", 30));

        assertThat(wednesday.json().getString("code")).isEqualTo("slot.blocked");
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, MONDAY.plusDays(7) + "T10:00", 30))
                .status()).isEqualTo(201);
    }

    @Test
    void aHolidayClosesTheClinicForEveryPractitionerAndOnlyAdminsSetIt() {
        LocalDate holiday = MONDAY.plusDays(15);
        String first = TestClinic.practitioner(admin, "Dr. Feriado Um");
        String second = TestClinic.practitioner(admin, "Dra. Feriado Dois");
        JsonObject body = Json.createObjectBuilder().add("date", holiday.toString()).add("name", "Dia do teste").build();

        assertThat(desk.post("/api/agenda/holidays", body).status()).isEqualTo(403);
        ApiClient.Response created = admin.post("/api/agenda/holidays", body);
        ApiClient.Response twice = admin.post("/api/agenda/holidays", body);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("date")).isEqualTo(holiday.toString());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().getString("code")).isEqualTo("holiday.taken");
        for (String practitioner : List.of(first, second)) {
            ApiClient.Response refused = desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, holiday + "T09:00", 30));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.json().getString("code")).isEqualTo("slot.holiday");
            assertThat(refused.json().getString("detail")).contains("Dia do teste");
        }
        assertThat(items(desk.get("/api/agenda/holidays?year=" + holiday.getYear())))
                .extracting(item -> item.getString("name")).contains("Dia do teste");
        assertThat(desk.delete("/api/agenda/holidays/" + created.json().getString("id")).status()).isEqualTo(403);
        assertThat(admin.delete("/api/agenda/holidays/" + created.json().getString("id")).status()).isEqualTo(204);
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), first, holiday + "T09:00", 30)).status()).isEqualTo(201);
    }

    @Test
    void refusesBadBlocks() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Bloqueio Errado");

        ApiClient.Response backwards = block(practitioner, MONDAY + "T18:00", MONDAY + "T13:00", "x");
        ApiClient.Response tooLong = block(practitioner, MONDAY + "T00:00", MONDAY.plusYears(2) + "T00:00", "x");
        ApiClient.Response unknown = block("00000000-0000-0000-0000-000000000000", MONDAY + "T13:00", MONDAY + "T18:00", "x");
        ApiClient.Response missing = desk.post("/api/agenda/blocks", Json.createObjectBuilder().build());

        assertThat(backwards.status()).isEqualTo(400);
        assertThat(firstErrorCode(backwards)).isEqualTo("block.end-before-start");
        assertThat(firstErrorCode(tooLong)).isEqualTo("block.too-long");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("code")).isEqualTo("practitioner.unknown");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(TestClinic.errorCodes(missing)).containsKeys("practitionerId", "start", "end");
        assertThat(desk.delete("/api/agenda/blocks/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void findsTheNextFreeSlotPastBookingsBlocksAndHolidays() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Próximo Livre");
        String consulta = TestClinic.appointmentType(admin, "Consulta longa", 60, "#1565c0");
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T08:00", 45);
        TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T09:30", 60);
        String from = "&after=" + MONDAY + "T08%3A00";

        ApiClient.Response first = desk.get("/api/appointments/next-free?practitionerId=" + practitioner + from);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonObject thirty = first.json();
        JsonObject hour = desk.get("/api/appointments/next-free?practitionerId=" + practitioner + "&typeId=" + consulta + from).json();

        assertThat(thirty.getString("start")).as("the gap from 08:45 to 09:30 fits 30 minutes").isEqualTo(MONDAY + "T08:45");
        assertThat(hour.getString("start")).as("60 minutes fit only after 10:30").isEqualTo(MONDAY + "T10:30");
        assertThat(hour.getInt("durationMinutes")).isEqualTo(60);

        block(practitioner, MONDAY + "T08:00", MONDAY + "T18:00", "Curso");
        admin.post("/api/agenda/holidays", Json.createObjectBuilder().add("date", MONDAY.plusDays(1).toString()).add("name", "Feriado local").build());
        ApiClient.Response found = desk.get("/api/appointments/next-free?practitionerId=" + practitioner + from);
        assertThat(found.status()).as(found.toString()).isEqualTo(200);
        JsonObject afterThem = found.json();
        assertThat(afterThem.getString("start")).isEqualTo(MONDAY.plusDays(2) + "T08:00");
        assertThat(desk.post("/api/appointments", booking(TestClinic.patient(desk), practitioner, afterThem.getString("start"), 30))
                .status()).as("the slot found can be booked").isEqualTo(201);
    }

    @Test
    void nextFreeRefusesBadQueriesAndSaysWhenThereIsNone() {
        ApiClient.Response missing = desk.get("/api/appointments/next-free");
        ApiClient.Response unknown = desk.get("/api/appointments/next-free?practitionerId=00000000-0000-0000-0000-000000000000");
        String noHours = TestClinic.created(admin.post("/api/practitioners", Json.createObjectBuilder().add("fullName", "Dr. Sem Horário")
                .add("workingHours", Json.createArrayBuilder()).build()));
        ApiClient.Response none = desk.get("/api/appointments/next-free?practitionerId=" + noHours);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(firstErrorField(missing)).isEqualTo("practitionerId");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("code")).isEqualTo("practitioner.unknown");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().getString("code")).isEqualTo("slot.none-free");
    }

    @Test
    void changingWorkingHoursListsTheBookingsLeftOutside() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Muda Horário");
        String morning = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T09:00", 30);
        String afternoon = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T15:00", 30);
        String cancelled = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T16:00", 30);
        desk.patch("/api/appointments/" + cancelled, Json.createObjectBuilder().add("status", "CANCELLED").build());

        ApiClient.Response changed = admin.put("/api/practitioners/" + practitioner, Json.createObjectBuilder()
                .add("fullName", "Dr. Muda Horário")
                .add("workingHours", Json.createArrayBuilder().add(TestClinic.hours(DayOfWeek.MONDAY, "08:00", "12:00"))).build());

        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.json().getJsonArray("outsideHours").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).containsExactly(afternoon);
        assertThat(desk.get("/api/appointments/" + afternoon).json().getString("status")).as("kept until the desk moves it")
                .isEqualTo("BOOKED");
        assertThat(desk.get("/api/appointments/" + morning).json().getString("status")).isEqualTo("BOOKED");
    }
}
