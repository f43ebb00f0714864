package io.clinicnode.appliance.appointment;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
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

import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConfirmationApiTest {
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
        desk = TestClinic.frontDesk(admin, "desk-confirm");
    }

    private static JsonObject status(String status) {
        return Json.createObjectBuilder().add("status", status).build();
    }

    private static JsonObject confirm(String channel) {
        return Json.createObjectBuilder().add("status", "CONFIRMED").add("channel", channel).build();
    }

    @Test
    void confirmsByPhoneAndTakesItBack() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Confirma Fone");
        String id = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T09:00", 30);

        ApiClient.Response confirmed = desk.patch("/api/appointments/" + id, confirm("PHONE"));

        assertThat(confirmed.status()).as(confirmed.toString()).isEqualTo(200);
        assertThat(confirmed.json().getString("status")).isEqualTo("CONFIRMED");
        assertThat(confirmed.json().getString("confirmationChannel")).isEqualTo("PHONE");
        assertThat(confirmed.json().getString("confirmedBy")).isEqualTo("desk-confirm");
        assertThat(confirmed.json().getString("confirmedAt")).isNotBlank();

        ApiClient.Response back = desk.patch("/api/appointments/" + id, status("BOOKED"));

        assertThat(back.status()).as(back.toString()).isEqualTo(200);
        assertThat(back.json().getString("status")).isEqualTo("BOOKED");
        assertThat(back.json().isNull("confirmationChannel")).isTrue();
        assertThat(back.json().isNull("confirmedBy")).isTrue();
    }

    @Test
    void aConfirmedAppointmentCanStillBeMovedCancelledAndCheckedIn() {
        String practitioner = TestClinic.alwaysWorkingPractitioner(admin, "Dr. Confirmado Segue");
        String moved = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T10:00", 30);
        String cancelled = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T11:00", 30);
        desk.patch("/api/appointments/" + moved, confirm("WHATSAPP"));
        desk.patch("/api/appointments/" + cancelled, confirm("SMS"));

        assertThat(desk.patch("/api/appointments/" + moved, Json.createObjectBuilder().add("start", MONDAY + "T10:30").build())
                .status()).isEqualTo(200);
        assertThat(desk.patch("/api/appointments/" + cancelled, status("CANCELLED")).json().getString("status")).isEqualTo("CANCELLED");
        LocalDateTime soon = LocalDateTime.now(node.node().config().timeZone()).plusMinutes(2).truncatedTo(ChronoUnit.MINUTES);
        assumeTrue(soon.getHour() < 23, "too close to midnight for an appointment today");
        String today = TestClinic.book(desk, TestClinic.patient(desk), practitioner, soon.toString(), 15);
        desk.patch("/api/appointments/" + today, confirm("IN_PERSON"));
        ApiClient.Response checkIn = desk.post("/api/checkins", Json.createObjectBuilder().add("appointmentId", today).build());
        assertThat(checkIn.status()).as(checkIn.toString()).isEqualTo(201);
    }

    @Test
    void refusesConfirmationWithoutAKnownChannelAndBackToBookedUnlessConfirmed() {
        String practitioner = TestClinic.practitioner(admin, "Dra. Canal Certo");
        String id = TestClinic.book(desk, TestClinic.patient(desk), practitioner, MONDAY + "T14:00", 30);

        ApiClient.Response noChannel = desk.patch("/api/appointments/" + id, status("CONFIRMED"));
        ApiClient.Response unknownChannel = desk.patch("/api/appointments/" + id, confirm("PIGEON"));
        ApiClient.Response notConfirmed = desk.patch("/api/appointments/" + id, status("BOOKED"));

        assertThat(noChannel.status()).isEqualTo(400);
        assertThat(firstErrorField(noChannel)).isEqualTo("channel");
        assertThat(firstErrorCode(noChannel)).isEqualTo("required");
        assertThat(unknownChannel.status()).isEqualTo(400);
        assertThat(firstErrorCode(unknownChannel)).isEqualTo("enum.unknown");
        assertThat(notConfirmed.status()).isEqualTo(409);
        assertThat(notConfirmed.json().getString("code")).isEqualTo("appointment.not-confirmed");
        assertThat(desk.get("/api/appointments/" + id).json().getString("status")).isEqualTo("BOOKED");

        desk.patch("/api/appointments/" + id, status("CANCELLED"));
        ApiClient.Response cancelledConfirmed = desk.patch("/api/appointments/" + id, confirm("PHONE"));
        assertThat(cancelledConfirmed.status()).isEqualTo(409);
        assertThat(cancelledConfirmed.json().getString("code")).isEqualTo("appointment.not-booked");
    }

    @Test
    void listsADaysAppointmentsToConfirmWithPhonesAndStatusAndAuditsTheView() {
        String practitioner = TestClinic.practitioner(admin, "Dr. Lista Amanhã");
        LocalDate day = MONDAY.plusDays(1);
        String withPhone = desk.post("/api/patients", Json.createObjectBuilder().add("fullName", "Joana Ligação")
                .add("birthDate", "1970-01-02").add("phone", "(11) 98888-7777").add("secondaryPhone", "11 3333-4444").build())
                .json().getString("id");
        String first = TestClinic.book(desk, withPhone, practitioner, day + "T08:00", 30);
        String second = TestClinic.book(desk, TestClinic.patient(desk), practitioner, day + "T09:00", 30);
        String gone = TestClinic.book(desk, TestClinic.patient(desk), practitioner, day + "T10:00", 30);
        desk.patch("/api/appointments/" + second, confirm("WHATSAPP"));
        desk.patch("/api/appointments/" + gone, status("CANCELLED"));

        ApiClient.Response list = desk.get("/api/appointments/confirmations?date=" + day);

        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.json().getString("date")).isEqualTo(day.toString());
        List<JsonObject> items = list.json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .filter(item -> item.getString("practitionerId").equals(practitioner)).toList();
        assertThat(items).extracting(item -> item.getString("id")).containsExactly(first, second);
        assertThat(items.get(0).getString("phone")).isEqualTo("(11) 98888-7777");
        assertThat(items.get(0).getString("secondaryPhone")).isEqualTo("11 3333-4444");
        assertThat(items.get(0).getString("status")).isEqualTo("BOOKED");
        assertThat(items.get(1).getString("status")).isEqualTo("CONFIRMED");
        assertThat(items.get(1).getString("confirmationChannel")).isEqualTo("WHATSAPP");

        List<JsonObject> trail = admin.get("/api/audit?patientId=" + withPhone).json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(trail).filteredOn(entry -> entry.getString("action").equals("LIST")).singleElement().satisfies(entry -> {
            assertThat(entry.getString("user")).isEqualTo("desk-confirm");
            assertThat(entry.getString("detail")).contains("confirmation list for " + day);
            assertThat(entry.getJsonArray("resultIds").getString(0)).isEqualTo(withPhone);
        });
    }

    @Test
    void theListIsTomorrowsByDefaultAndRefusesABadDate() {
        ApiClient.Response byDefault = desk.get("/api/appointments/confirmations");
        ApiClient.Response bad = desk.get("/api/appointments/confirmations?date=amanha");

        assertThat(byDefault.status()).isEqualTo(200);
        assertThat(LocalDate.parse(byDefault.json().getString("date")))
                .isEqualTo(LocalDate.now(node.node().config().timeZone()).plusDays(1));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(firstErrorCode(bad)).isEqualTo("date.invalid");
    }
}
