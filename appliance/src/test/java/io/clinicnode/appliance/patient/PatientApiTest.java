package io.clinicnode.appliance.patient;

import java.time.LocalDate;
import java.util.Map;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.clinicnode.appliance.testing.TestClinic.errorCodes;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

class PatientApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient desk;

    @BeforeAll
    static void start() {
        node = NODE.node();
        desk = node.admin();
    }

    private static JsonObjectBuilder patient(String name, String birthDate) {
        return Json.createObjectBuilder().add("fullName", name).add("birthDate", birthDate);
    }

    @Test
    void registeredPatientCanBeReadBack() {
        ApiClient.Response created = desk.post("/api/patients", patient("Helena Castro", "1975-04-02")
                .add("sex", "FEMALE").add("phone", "(11) 97777-1234").add("email", "helena@example.org").build());

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().getString("id");
        JsonObject read = desk.get("/api/patients/" + id).json();
        assertThat(read.getString("fullName")).isEqualTo("Helena Castro");
        assertThat(read.getString("birthDate")).isEqualTo("1975-04-02");
        assertThat(read.getString("phone")).isEqualTo("(11) 97777-1234");
    }

    @Test
    void searchFindsByAccentlessCaseInsensitivePrefixOfAnyNamePartInAnyOrder() {
        String id = desk.post("/api/patients", patient("José Antônio Müller", "1960-02-29").build()).json().getString("id");

        for (String query : new String[] {"jose", "ANTO", "mull", "muller jos", "Antônio José"}) {
            assertThat(desk.get("/api/patients?q=" + query.replace(" ", "%20")).body()).as(query).contains(id);
        }
        assertThat(desk.get("/api/patients?q=josef").body()).doesNotContain(id);
    }

    @Test
    void searchFindsByBirthDateDocumentAndPhone() {
        String id = desk.post("/api/patients", patient("Rita Pereira", "1933-08-15")
                .add("document", "390.533.447-05").add("phone", "+55 11 95555-0101").build()).json().getString("id");

        assertThat(desk.get("/api/patients?q=1933-08-15").body()).contains(id);
        assertThat(desk.get("/api/patients?q=15/08/1933").body()).contains(id);
        assertThat(desk.get("/api/patients?q=39053344705").body()).contains(id);
        assertThat(desk.get("/api/patients?q=390.533.447-05").body()).contains(id);
        assertThat(desk.get("/api/patients?q=95555-0101").body()).contains(id);
    }

    @Test
    void searchResultsCarryWhatIdentifiesAPatientButNotTheRecord() {
        String id = desk.post("/api/patients", patient("Severina Mascarada", "1955-07-21")
                .add("document", "871.245.630-62").add("phone", "(21) 98888-4321").add("secondaryPhone", "(21) 3333-2222")
                .add("email", "severina@example.org")
                .add("address", Json.createObjectBuilder().add("line", "Rua Oculta 12").add("city", "Niterói")).build())
                .json().getString("id");

        for (String query : new String[] {"severina mascarada", "1955-07-21", "87124563062", "98888-4321"}) {
            JsonObject item = desk.get("/api/patients?q=" + query.replace(" ", "%20") + "&limit=5").json().getJsonArray("items")
                    .getValuesAs(JsonObject.class).stream().filter(found -> found.getString("id").equals(id)).findFirst().orElseThrow();

            assertThat(item.keySet()).as(query).contains("id", "fullName", "birthDate", "document", "phone")
                    .isSubsetOf("id", "fullName", "birthDate", "document", "phone", "documentMatches");
            assertThat(item.getString("fullName")).isEqualTo("Severina Mascarada");
            assertThat(item.getString("birthDate")).isEqualTo("1955-07-21");
            assertThat(item.getString("document")).isEqualTo("***.245.630-**");
            assertThat(item.getString("phone")).isEqualTo("\u20264321");
            assertThat(item.toString()).doesNotContain("severina@", "Oculta", "871.245", "98888", "3333");
            assertThat(item.getBoolean("documentMatches", false)).as(query).isEqualTo(query.equals("87124563062"));
        }
        assertThat(desk.get("/api/patients/" + id).json().getString("email")).isEqualTo("severina@example.org");
    }

    @Test
    void manyNumberSearchesThatStopEarlyLeaveTheNodeAnswering() {
        desk.post("/api/patients", patient("Pool Check", "1970-01-01").add("document", "765.432.108-26").build());

        // Each of these stops after its first query; more of them than the database pool has connections.
        for (int search = 0; search < 40; search++) {
            assertThat(desk.get("/api/patients?q=76543210826&limit=1").json().getJsonArray("items")).hasSize(1);
        }
        assertThat(desk.get("/api/patients?q=pool").status()).isEqualTo(200);
    }

    @Test
    void invalidFieldsAreEachNamedAndNothingIsWritten() {
        ApiClient.Response response = desk.post("/api/patients", Json.createObjectBuilder()
                .add("fullName", "Nobody Valid").add("birthDate", "1990-02-30").add("document", "111.111.111-11")
                .add("email", "not-an-email").add("sex", 3).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().getJsonArray("errors").toString())
                .contains("\"birthDate\"", "\"document\"", "\"email\"", "\"sex\"");
        assertThat(desk.get("/api/patients?q=nobody").json().getJsonArray("items")).isEmpty();
    }

    @Test
    void eachBadFieldCarriesAStableCodeBesideItsEnglishMessage() {
        ApiClient.Response wrongCheckDigit = desk.post("/api/patients", Json.createObjectBuilder()
                .add("fullName", "!!! ...").add("birthDate", "1990-02-30").add("document", "529.982.247-26")
                .add("email", "not-an-email").add("phone", "call me").add("sex", 3)
                .add("address", Json.createObjectBuilder().add("city", "C".repeat(101))).build());
        ApiClient.Response wrongShape = desk.post("/api/patients", Json.createObjectBuilder()
                .add("birthDate", "1899-12-31").add("document", "5299822472").add("sex", "ROBOT").build());

        assertThat(wrongCheckDigit.status()).isEqualTo(400);
        assertThat(errorCodes(wrongCheckDigit)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fullName", "name.no-letters", "birthDate", "date.invalid", "document", "cpf.check-digit",
                "email", "email.invalid", "phone", "phone.invalid", "sex", "type.string", "address.city", "too-long"));
        assertThat(errorCodes(wrongShape)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "fullName", "required", "birthDate", "date.out-of-range", "document", "cpf.format", "sex", "enum.unknown"));
        for (JsonObject error : wrongCheckDigit.json().getJsonArray("errors").getValuesAs(JsonObject.class)) {
            assertThat(error.getString("message")).as(error.toString()).isNotBlank();
        }
        assertThat(firstErrorCode(desk.get("/api/patients"))).isEqualTo("required");
        assertThat(firstErrorCode(desk.get("/api/patients?q=x&limit=0"))).isEqualTo("number.out-of-range");
    }

    @Test
    void aTakenDocumentIsRefusedWithTheCodeAtTheTopAndOnTheField() {
        desk.post("/api/patients", patient("Código Primeiro", "1980-01-01").add("document", "714.602.380-01").build());

        ApiClient.Response second = desk.post("/api/patients", patient("Código Segundo", "1981-01-01").add("document", "71460238001").build());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().getString("code")).isEqualTo("document.taken");
        assertThat(firstErrorField(second)).isEqualTo("document");
        assertThat(firstErrorCode(second)).isEqualTo("document.taken");
        assertThat(second.json().getJsonArray("errors").getJsonObject(0).getString("message")).startsWith("Another patient");
    }

    @Test
    void birthDatesInTheFutureOrBefore1900AreRefusedNamingTheField() {
        for (String birthDate : new String[] {"0000-01-01", "1899-12-31", LocalDate.now().plusDays(2).toString()}) {
            ApiClient.Response refused = desk.post("/api/patients", patient("Data Impossível", birthDate).build());

            assertThat(refused.status()).as(birthDate).isEqualTo(400);
            assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("birthDate");
        }
    }

    @Test
    void malformedJsonWrongTypeAndOversizedBodiesAreClear4xx() {
        assertThat(desk.post("/api/patients", "{\"fullName\": ").status()).isEqualTo(400);
        assertThat(desk.post("/api/patients", "[1,2]").status()).isEqualTo(400);
        ApiClient.Response oversized = desk.post("/api/patients",
                patient("X".repeat(10), "1990-01-01").add("address", Json.createObjectBuilder().add("line", "y".repeat(100_000))).build());
        assertThat(oversized.status()).isEqualTo(413);
        assertThat(oversized.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void secondPatientWithTheSameDocumentIsRefusedWith409() {
        desk.post("/api/patients", patient("First Holder", "1980-01-01").add("document", "529.982.247-25").build());

        ApiClient.Response second = desk.post("/api/patients", patient("Second Holder", "1981-01-01").add("document", "52998224725").build());

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("document");
    }

    @Test
    void updateChangesTheRecordAndTheSearchIndex() {
        String id = desk.post("/api/patients", patient("Carla Dias", "1999-09-09").build()).json().getString("id");

        ApiClient.Response updated = desk.put("/api/patients/" + id, patient("Carla Mendes", "1999-09-09").build());

        assertThat(updated.status()).isEqualTo(200);
        assertThat(desk.get("/api/patients?q=mendes").body()).contains(id);
        assertThat(desk.get("/api/patients?q=carla%20dias").body()).doesNotContain(id);
    }

    @Test
    void unknownPatientIs404() {
        assertThat(desk.get("/api/patients/00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
        assertThat(desk.get("/api/patients/not-an-id").status()).isEqualTo(404);
    }
}
