package io.clinicnode.appliance.practitioner;

import java.time.DayOfWeek;
import java.util.List;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.clinicnode.appliance.testing.TestClinic.hours;
import static org.assertj.core.api.Assertions.assertThat;

class PractitionerApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient admin;
    private static ApiClient desk;

    @BeforeAll
    static void start() {
        node = NODE.node();
        admin = node.admin();
        desk = TestClinic.frontDesk(admin, "desk-practitioners");
    }

    @Test
    void registersPractitionerWithHoursAndListsIt() {
        ApiClient.Response created = admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", "Dra. Marta Rocha").add("specialty", "Odontologia")
                .add("workingHours", Json.createArrayBuilder()
                        .add(hours(DayOfWeek.TUESDAY, "13:00", "18:00"))
                        .add(hours(DayOfWeek.MONDAY, "08:00", "12:00"))
                        .add(hours(DayOfWeek.TUESDAY, "08:00", "12:00")))
                .build());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().getString("id");
        assertThat(created.header("Location")).isEqualTo("/api/practitioners/" + id);
        JsonObject read = desk.get("/api/practitioners/" + id).json();
        assertThat(read.getString("fullName")).isEqualTo("Dra. Marta Rocha");
        assertThat(read.getString("specialty")).isEqualTo("Odontologia");
        assertThat(read.getBoolean("active")).isTrue();
        assertThat(read.getJsonArray("workingHours")).containsExactly(
                hours(DayOfWeek.MONDAY, "08:00", "12:00"),
                hours(DayOfWeek.TUESDAY, "08:00", "12:00"),
                hours(DayOfWeek.TUESDAY, "13:00", "18:00"));
        assertThat(ids(desk.get("/api/practitioners").json().getJsonArray("items"))).contains(id);
    }

    @Test
    void listsOnlyActivePractitionersSortedByName() {
        String zelia = TestClinic.practitioner(admin, "Zélia Nogueira");
        String abel = TestClinic.practitioner(admin, "Abel Prado");
        String gone = TestClinic.practitioner(admin, "Bruno Saiu");
        admin.put("/api/practitioners/" + gone, Json.createObjectBuilder().add("fullName", "Bruno Saiu")
                .add("workingHours", JsonValue.EMPTY_JSON_ARRAY).add("active", false).build());

        JsonArray items = desk.get("/api/practitioners").json().getJsonArray("items");

        List<String> names = items.getValuesAs(JsonObject.class).stream().map(item -> item.getString("fullName")).toList();
        assertThat(names).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(ids(items)).contains(zelia, abel).doesNotContain(gone);
        assertThat(ids(desk.get("/api/practitioners?includeInactive=true").json().getJsonArray("items"))).contains(gone);
    }

    @Test
    void refusesBadHoursNamingEachField() {
        ApiClient.Response response = admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", "Dr. Horário Ruim")
                .add("workingHours", Json.createArrayBuilder()
                        .add(hours(DayOfWeek.MONDAY, "08:00", "12:00"))
                        .add(Json.createObjectBuilder().add("dayOfWeek", "FUNDAY").add("start", "08:00").add("end", "09:00"))
                        .add(hours(DayOfWeek.TUESDAY, "8am", "12:00"))
                        .add(hours(DayOfWeek.WEDNESDAY, "14:00", "13:00"))
                        .add(hours(DayOfWeek.THURSDAY, "08:00", "24:00")))
                .build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fields(response)).containsExactlyInAnyOrder("workingHours[1].dayOfWeek", "workingHours[2].start",
                "workingHours[3].end", "workingHours[4].end");
    }

    @Test
    void refusesOverlappingIntervalsOfTheSameDay() {
        ApiClient.Response response = admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", "Dr. Sobreposto")
                .add("workingHours", Json.createArrayBuilder()
                        .add(hours(DayOfWeek.MONDAY, "08:00", "12:00"))
                        .add(hours(DayOfWeek.TUESDAY, "11:00", "14:00"))
                        .add(hours(DayOfWeek.MONDAY, "12:00", "18:00"))
                        .add(hours(DayOfWeek.MONDAY, "11:30", "13:00")))
                .build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response)).containsExactly("workingHours[3]");
        assertThat(response.body()).contains("MONDAY 08:00-12:00");
    }

    @Test
    void acceptsAnEmptyListOfHoursButNotAMissingOne() {
        ApiClient.Response none = admin.post("/api/practitioners", Json.createObjectBuilder()
                .add("fullName", "Dr. Sem Agenda").add("workingHours", JsonValue.EMPTY_JSON_ARRAY).build());
        ApiClient.Response missing = admin.post("/api/practitioners", Json.createObjectBuilder().add("specialty", "X").build());

        assertThat(none.status()).isEqualTo(201);
        assertThat(none.json().getJsonArray("workingHours")).isEmpty();
        assertThat(none.json().get("specialty")).isEqualTo(JsonValue.NULL);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing)).containsExactlyInAnyOrder("fullName", "workingHours");
    }

    @Test
    void updateReplacesNameSpecialtyHoursAndActive() {
        String id = TestClinic.practitioner(admin, "Dr. Antigo Nome");

        ApiClient.Response updated = admin.put("/api/practitioners/" + id, Json.createObjectBuilder()
                .add("fullName", "Dr. Novo Nome").add("specialty", "Pediatria")
                .add("workingHours", Json.createArrayBuilder().add(hours(DayOfWeek.SATURDAY, "09:00", "13:00")))
                .add("active", false).build());

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        JsonObject read = desk.get("/api/practitioners/" + id).json();
        assertThat(read.getString("fullName")).isEqualTo("Dr. Novo Nome");
        assertThat(read.getString("specialty")).isEqualTo("Pediatria");
        assertThat(read.getJsonArray("workingHours")).containsExactly(hours(DayOfWeek.SATURDAY, "09:00", "13:00"));
        assertThat(read.getBoolean("active")).isFalse();
    }

    @Test
    void updateWithoutActiveKeepsItAsItWas() {
        String id = TestClinic.practitioner(admin, "Dr. Ausente");
        JsonObject inactive = Json.createObjectBuilder().add("fullName", "Dr. Ausente")
                .add("workingHours", JsonValue.EMPTY_JSON_ARRAY).add("active", false).build();
        admin.put("/api/practitioners/" + id, inactive);

        admin.put("/api/practitioners/" + id, Json.createObjectBuilder(inactive).remove("active").add("specialty", "Ortopedia").build());

        assertThat(desk.get("/api/practitioners/" + id).json().getBoolean("active")).isFalse();
    }

    @Test
    void frontDeskCanReadButNotRegisterOrChangePractitioners() {
        String id = TestClinic.practitioner(admin, "Dr. Só Leitura");
        JsonObject body = Json.createObjectBuilder().add("fullName", "Dr. Intruso").add("workingHours", JsonValue.EMPTY_JSON_ARRAY).build();

        assertThat(desk.post("/api/practitioners", body).status()).isEqualTo(403);
        assertThat(desk.put("/api/practitioners/" + id, body).status()).isEqualTo(403);
        assertThat(desk.get("/api/practitioners/" + id).json().getString("fullName")).isEqualTo("Dr. Só Leitura");
    }

    @Test
    void unknownPractitionerIs404() {
        JsonObject body = Json.createObjectBuilder().add("fullName", "Dr. Ninguém").add("workingHours", JsonValue.EMPTY_JSON_ARRAY).build();

        assertThat(desk.get("/api/practitioners/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(desk.get("/api/practitioners/not-an-id").status()).isEqualTo(404);
        assertThat(admin.put("/api/practitioners/00000000-0000-0000-0000-000000000000", body).status()).isEqualTo(404);
    }

    @Test
    void practitionersNeedASession() {
        assertThat(node.api().get("/api/practitioners").status()).isEqualTo(401);
    }

    private static List<String> ids(JsonArray items) {
        return items.getValuesAs(JsonObject.class).stream().map(item -> item.getString("id")).toList();
    }

    private static List<String> fields(ApiClient.Response problem) {
        return problem.json().getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(error -> error.getJsonString("field")).map(JsonString::getString).toList();
    }
}
