package io.clinicnode.appliance.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SessionApiTest {
    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = NODE.node();
    }

    @Test
    void loginReturnsTokenUserRolesAndExpiry() {
        ApiClient.Response response = node.api().post("/api/session",
                Json.createObjectBuilder().add("username", "admin").add("password", RunningNode.ADMIN_PASSWORD).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().getString("token")).hasSizeGreaterThan(30);
        assertThat(response.json().getJsonObject("user").getString("username")).isEqualTo("admin");
        assertThat(response.json().getJsonArray("roles").toString()).contains("ADMIN");
        assertThat(response.json().getString("expiresAt")).isNotBlank();
    }

    @Test
    void wrongPasswordIsRefusedWith401() {
        ApiClient.Response response = node.api().post("/api/session",
                Json.createObjectBuilder().add("username", "admin").add("password", "wrong-one").build());

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void sixthFailedLoginWithinFiveMinutesIsRefusedWith429EvenWithTheRightPassword(@TempDir Path ownDir) {
        // A node of its own: the limit also counts per client address, and every test comes from loopback.
        try (RunningNode fresh = RunningNode.start(ownDir)) {
            String wrong = Json.createObjectBuilder().add("username", "admin").add("password", "guess").build().toString();
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThat(fresh.api().post("/api/session", wrong).status()).as("attempt " + attempt).isEqualTo(401);
            }

            ApiClient.Response sixth = fresh.api().post("/api/session", Json.createObjectBuilder()
                    .add("username", "admin").add("password", RunningNode.ADMIN_PASSWORD).build());

            assertThat(sixth.status()).isEqualTo(429);
            assertThat(sixth.header("Retry-After")).isNotNull();
        }
    }

    @Test
    void fiveWrongPasswordsOfOneUserLeaveTheOtherUsersOfThatComputerLoggingIn(@TempDir Path ownDir) {
        // Every test comes from loopback: one front-desk computer shared by two receptionists.
        try (RunningNode fresh = RunningNode.start(ownDir)) {
            TestClinic.frontDesk(fresh.admin(), "bia");
            String wrong = Json.createObjectBuilder().add("username", "admin").add("password", "guess").build().toString();
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertThat(fresh.api().post("/api/session", wrong).status()).as("attempt " + attempt).isEqualTo(401);
            }

            assertThat(fresh.api().post("/api/session", wrong).status()).as("admin is locked").isEqualTo(429);
            assertThat(fresh.api().post("/api/session", Json.createObjectBuilder().add("username", "bia")
                    .add("password", TestClinic.DESK_PASSWORD).build()).status()).as("her colleague is not").isEqualTo(200);
        }
    }

    @Test
    void parallelGuessesGetFivePasswordChecksAndTheRightPasswordAfterThemIsRefused(@TempDir Path ownDir) throws Exception {
        // Real-sized password checks (tens of milliseconds each): the time in which parallel guesses used to slip through.
        try (RunningNode fresh = RunningNode.start(ownDir, Map.of("password-iterations", "100000"));
             ExecutorService desks = Executors.newFixedThreadPool(30)) {
            String wrong = Json.createObjectBuilder().add("username", "admin").add("password", "guess").build().toString();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int attempt = 0; attempt < 30; attempt++) {
                answers.add(desks.submit(() -> {
                    start.await();
                    return fresh.api().post("/api/session", wrong).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(60, TimeUnit.SECONDS));
            }

            assertThat(statuses).as("%s", statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(status -> status == 401).count()).as("%s", statuses).isEqualTo(5);
            assertThat(fresh.api().post("/api/session", Json.createObjectBuilder()
                    .add("username", "admin").add("password", RunningNode.ADMIN_PASSWORD).build()).status()).isEqualTo(429);
        }
    }

    @Test
    void apiRefusesRequestsWithoutOrWithUnknownToken() {
        assertThat(node.api().get("/api/patients?q=ana").status()).isEqualTo(401);
        assertThat(node.api().withToken("not-a-session").get("/api/patients?q=ana").status()).isEqualTo(401);
    }

    @Test
    void logoutRevokesTheToken() {
        ApiClient admin = node.admin();
        assertThat(admin.get("/api/session").status()).isEqualTo(200);

        assertThat(admin.delete("/api/session").status()).isEqualTo(204);

        assertThat(admin.get("/api/session").status()).isEqualTo(401);
    }

    @Test
    void sessionSurvivesANodeRestart(@TempDir Path otherDir) {
        String token;
        try (RunningNode first = RunningNode.start(otherDir)) {
            token = first.admin().token();
        }
        try (RunningNode again = RunningNode.start(otherDir)) {
            assertThat(again.api().withToken(token).get("/api/session").status()).isEqualTo(200);
        }
    }

    @Test
    void apiAnswersAreNeverStoredByTheBrowserOrAProxy() {
        ApiClient admin = node.admin();
        for (ApiClient.Response response : new ApiClient.Response[] {
                admin.get("/api/session"), admin.get("/api/patients?q=x"), admin.post("/api/patients", "{"),
                node.api().get("/api/patients?q=x")}) {
            assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store");
        }
    }

    @Test
    void theContentSecurityPolicyLetsThePageConnectToItsOwnNodeOnlyNotToAnyHost() {
        ApiClient.Response response = node.admin().get("/api/session");
        String origin = node.node().httpUrl();

        assertThat(response.header("Content-Security-Policy"))
                .contains("connect-src 'self' " + origin + " " + origin.replace("http:", "ws:") + ";")
                .doesNotContainPattern("[ ;]wss?:[ ;]");
    }

    @Test
    void everyResponseCarriesSecurityHeaders() {
        for (ApiClient.Response response : new ApiClient.Response[] {
                node.api().get("/api/patients?q=x"), node.api().get("/observe/health"), node.api().post("/api/patients", "{")}) {
            assertThat(response.header("Content-Security-Policy")).as(response.toString()).contains("default-src 'self'");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        }
    }
}
