package io.clinicnode.appliance.user;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.testing.TestClinic.errorCodes;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorCode;
import static io.clinicnode.appliance.testing.TestClinic.firstErrorField;
import static org.assertj.core.api.Assertions.assertThat;

class UserApiTest {
    private static JsonObject roles(String... roles) {
        return Json.createObjectBuilder().add("roles", Json.createArrayBuilder(List.of(roles))).build();
    }

    private static JsonObject active(boolean active) {
        return Json.createObjectBuilder().add("active", active).build();
    }

    @Test
    void theLastActiveAdminCanNeitherDropTheAdminRoleNorBeDeactivated(@TempDir Path dataDir) {
        try (RunningNode node = RunningNode.start(dataDir)) {
            ApiClient admin = node.admin();
            // An inactive admin does not count.
            admin.post("/api/users", Json.createObjectBuilder().add("username", "old-boss").add("displayName", "Old Boss")
                    .add("password", "old-boss-pass").add("roles", Json.createArrayBuilder().add("ADMIN")).build());
            assertThat(admin.patch("/api/users/old-boss", active(false)).status()).isEqualTo(200);

            ApiClient.Response demoted = admin.patch("/api/users/admin", roles("FRONT_DESK"));
            ApiClient.Response deactivated = admin.patch("/api/users/admin", active(false));

            assertThat(demoted.status()).as(demoted.toString()).isEqualTo(409);
            assertThat(demoted.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(demoted.json().getString("code")).isEqualTo("last-admin");
            assertThat(demoted.json().getString("detail")).contains("last active admin");
            assertThat(firstErrorField(demoted)).isEqualTo("roles");
            assertThat(firstErrorCode(demoted)).isEqualTo("last-admin");
            assertThat(deactivated.status()).isEqualTo(409);
            assertThat(deactivated.json().getString("code")).isEqualTo("last-admin");
            assertThat(firstErrorField(deactivated)).isEqualTo("active");
            JsonObject user = admin.get("/api/users").json().getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(item -> item.getString("username").equals("admin")).findFirst().orElseThrow();
            assertThat(user.getBoolean("active")).isTrue();
            assertThat(user.getJsonArray("roles").toString()).contains("ADMIN");
        }
    }

    @Test
    void userFieldErrorsCarryStableCodes(@TempDir Path dataDir) {
        try (RunningNode node = RunningNode.start(dataDir)) {
            ApiClient admin = node.admin();

            ApiClient.Response invalid = admin.post("/api/users", Json.createObjectBuilder().add("username", "Not Valid!")
                    .add("displayName", "X").add("password", "short").add("roles", Json.createArrayBuilder()).add("language", "fr").build());
            ApiClient.Response taken = admin.post("/api/users", Json.createObjectBuilder().add("username", "admin")
                    .add("displayName", "Second Admin").add("password", "long-enough-1").add("roles", Json.createArrayBuilder().add("ADMIN")).build());

            assertThat(errorCodes(invalid)).containsExactlyInAnyOrderEntriesOf(Map.of("username", "username.format",
                    "password", "password.too-short", "roles", "roles.empty", "language", "enum.unknown"));
            assertThat(taken.status()).isEqualTo(409);
            assertThat(taken.json().getString("code")).isEqualTo("username.taken");
            assertThat(firstErrorCode(taken)).isEqualTo("username.taken");
        }
    }

    @Test
    void anAdminMayStepDownWhileAnotherActiveAdminRemains(@TempDir Path dataDir) {
        try (RunningNode node = RunningNode.start(dataDir)) {
            ApiClient admin = node.admin();
            admin.post("/api/users", Json.createObjectBuilder().add("username", "new-boss").add("displayName", "New Boss")
                    .add("password", "new-boss-pass").add("roles", Json.createArrayBuilder().add("ADMIN")).build());

            assertThat(admin.patch("/api/users/admin", roles("FRONT_DESK")).status()).isEqualTo(200);

            ApiClient newBoss = admin.withToken(null).login("new-boss", "new-boss-pass");
            ApiClient.Response lastOne = newBoss.patch("/api/users/new-boss", active(false));
            assertThat(lastOne.status()).isEqualTo(409);
            assertThat(lastOne.json().getString("code")).isEqualTo("last-admin");
        }
    }
}
