package io.clinicnode.appliance.user;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

/** A practitioner's login linked to their agenda column ("meus pacientes"). */
class PractitionerLoginApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();

    private static JsonObject link(String practitionerId) {
        return Json.createObjectBuilder().add("practitionerId", practitionerId).build();
    }

    @Test
    void anAdminLinksALoginToAPractitionerAndTheSessionSaysWhich() {
        ApiClient admin = NODE.admin();
        String practitioner = TestClinic.practitioner(admin, "Dra. Minha Agenda");
        admin.post("/api/users", Json.createObjectBuilder().add("username", "dra-agenda").add("displayName", "Dra. Minha Agenda")
                .add("password", TestClinic.DESK_PASSWORD).add("roles", Json.createArrayBuilder().add("PRACTITIONER")).build());

        ApiClient.Response linked = admin.patch("/api/users/dra-agenda", link(practitioner));

        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        assertThat(linked.json().getString("practitionerId")).isEqualTo(practitioner);
        ApiClient doctor = admin.withToken(null).login("dra-agenda", TestClinic.DESK_PASSWORD);
        assertThat(doctor.get("/api/session").json().getJsonObject("user").getString("practitionerId")).isEqualTo(practitioner);

        ApiClient.Response unlinked = admin.patch("/api/users/dra-agenda", Json.createObjectBuilder().addNull("practitionerId").build());
        assertThat(unlinked.json().isNull("practitionerId")).isTrue();
        assertThat(doctor.get("/api/session").json().getJsonObject("user").isNull("practitionerId")).isTrue();
    }

    @Test
    void refusesALinkToAnUnknownPractitionerAndOnlyAdminsLink() {
        ApiClient admin = NODE.admin();
        ApiClient desk = TestClinic.frontDesk(admin, "desk-link");
        String practitioner = TestClinic.practitioner(admin, "Dr. Não Vinculado");

        ApiClient.Response unknown = admin.patch("/api/users/desk-link", link("00000000-0000-0000-0000-000000000000"));
        ApiClient.Response byDesk = desk.patch("/api/users/desk-link", link(practitioner));

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("code")).isEqualTo("practitioner.unknown");
        assertThat(firstErrorField(unknown)).isEqualTo("practitionerId");
        assertThat(byDesk.status()).isEqualTo(403);
    }
}
