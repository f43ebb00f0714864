package io.clinicnode.appliance.appointmenttype;

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

import static io.clinicnode.appliance.testing.TestClinic.errorCodes;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

class AppointmentTypeApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static ApiClient admin;
    private static ApiClient desk;
    private static final LocalDate MONDAY = TestClinic.futureMonday();

    @BeforeAll
    static void start() {
        RunningNode node = NODE.node();
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-types");
    }

    static JsonObject type(String name, int minutes, String color) {
        return Json.createObjectBuilder().add("name", name).add("durationMinutes", minutes).add("color", color).build();
    }

    private static String create(ApiClient admin, String name, int minutes, String color) {
        return TestClinic.appointmentType(admin, name, minutes, color);
    }

    @Test
    void adminCreatesTypesEveryoneListsThemAndTheDeskCannotChangeThem() {
        String retorno = create(admin, "Retorno (lista)", 20, "#2E7D32");

        List<JsonObject> listed = desk.get("/api/appointment-types").json().getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(listed).filteredOn(item -> item.getString("id").equals(retorno)).singleElement().satisfies(item -> {
            assertThat(item.getString("name")).isEqualTo("Retorno (lista)");
            assertThat(item.getInt("durationMinutes")).isEqualTo(20);
            assertThat(item.getString("color")).isEqualTo("#2e7d32");
            assertThat(item.getBoolean("active")).isTrue();
        });
        assertThat(desk.post("/api/appointment-types", type("Encaixe", 10, "#000000")).status()).isEqualTo(403);
        assertThat(desk.put("/api/appointment-types/" + retorno, type("Outro", 10, "#000000")).status()).isEqualTo(403);
    }

    @Test
    void bookingWithATypeTakesItsDurationAndTheAgendaShowsIt() {
        String procedimento = create(admin, "Procedimento", 50, "#c62828");
        String practitioner = TestClinic.practitioner(admin, "Dra. Tipo Agenda");
        String patient = TestClinic.patient(desk);

        ApiClient.Response booked = desk.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("start", MONDAY + "T09:00").add("typeId", procedimento).build());
        ApiClient.Response longer = desk.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("start", MONDAY + "T13:00").add("typeId", procedimento)
                .add("durationMinutes", 90).build());

        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
        assertThat(booked.json().getInt("durationMinutes")).isEqualTo(50);
        assertThat(booked.json().getString("end")).isEqualTo(MONDAY + "T09:50");
        assertThat(booked.json().getString("typeName")).isEqualTo("Procedimento");
        assertThat(booked.json().getString("typeColor")).isEqualTo("#c62828");
        assertThat(longer.json().getInt("durationMinutes")).isEqualTo(90);
        List<JsonObject> day = desk.get("/api/appointments?date=" + MONDAY + "&practitionerId=" + practitioner).json()
                .getJsonArray("items").getValuesAs(JsonObject.class);
        assertThat(day).extracting(item -> item.getString("typeId")).containsExactly(procedimento, procedimento);
    }

    @Test
    void refusesAnUnknownOrInactiveTypeWhenBooking() {
        String inactive = create(admin, "Antigo", 30, "#999999");
        ApiClient.Response deactivated = admin.put("/api/appointment-types/" + inactive, Json.createObjectBuilder(type("Antigo", 30, "#999999"))
                .add("active", false).build());
        assertThat(deactivated.json().getBoolean("active")).isFalse();
        String practitioner = TestClinic.practitioner(admin, "Dr. Tipo Recusado");
        String patient = TestClinic.patient(desk);

        ApiClient.Response unknown = desk.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("start", MONDAY + "T09:00")
                .add("typeId", "00000000-0000-0000-0000-000000000000").build());
        ApiClient.Response old = desk.post("/api/appointments", Json.createObjectBuilder().add("patientId", patient)
                .add("practitionerId", practitioner).add("start", MONDAY + "T09:00").add("typeId", inactive).add("durationMinutes", 30).build());

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(firstErrorField(unknown)).isEqualTo("typeId");
        assertThat(firstErrorCode(unknown)).isEqualTo("appointment-type.unknown");
        assertThat(old.status()).isEqualTo(422);
        assertThat(old.json().getString("code")).isEqualTo("appointment-type.inactive");
        assertThat(desk.get("/api/appointment-types").json().getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).doesNotContain(inactive);
        assertThat(desk.get("/api/appointment-types?includeInactive=true").json().getJsonArray("items").getValuesAs(JsonObject.class))
                .extracting(item -> item.getString("id")).contains(inactive);
    }

    @Test
    void refusesBadTypeFields() {
        ApiClient.Response bad = admin.post("/api/appointment-types", Json.createObjectBuilder().add("name", " ")
                .add("durationMinutes", 2).add("color", "red").build());

        assertThat(bad.status()).isEqualTo(400);
        assertThat(errorCodes(bad)).containsEntry("name", "required").containsEntry("durationMinutes", "number.out-of-range")
                .containsEntry("color", "color.invalid");
        assertThat(admin.put("/api/appointment-types/00000000-0000-0000-0000-000000000000", type("X", 30, "#000000")).status())
                .isEqualTo(404);
    }
}
