package io.clinicnode.appliance.observe;

import java.nio.file.Path;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NodeEndpointsTest {
    @TempDir
    static Path dataDir;
    private static RunningNode node;

    @BeforeAll
    static void start() {
        node = RunningNode.start(dataDir);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void healthReportsDatabaseJournalAndDiskWithoutLogin() {
        ApiClient.Response health = node.api().get("/observe/health");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().getString("status")).isEqualTo("UP");
        assertThat(health.body()).contains("\"database\"", "\"journal\"", "\"diskSpace\"");
        assertThat(node.api().get("/observe/health/ready").status()).isEqualTo(200);
        assertThat(node.api().get("/observe/health/live").status()).isEqualTo(200);
    }

    @Test
    void healthSaysWhenTheNodeServesWithoutTls() {
        JsonObject tls = node.api().get("/observe/health").json().getJsonArray("checks").stream()
                .map(JsonValue::asJsonObject).filter(check -> check.getString("name").equals("tls")).findFirst().orElseThrow();

        assertThat(tls.getString("status")).isEqualTo("UP");
        assertThat(tls.getJsonObject("data").getBoolean("https")).isFalse();
        assertThat(tls.getJsonObject("data").getString("detail")).startsWith("serving without TLS");
    }

    @Test
    void metricsArePrometheusTextWithJournalAndRequestFigures() {
        node.admin().post("/api/patients", Json.createObjectBuilder().add("fullName", "Metric Person").add("birthDate", "2000-01-01").build());

        ApiClient.Response metrics = node.api().get("/observe/metrics");

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(metrics.body()).contains("# TYPE clinicnode_journal_events_total counter", "clinicnode_journal_sync_seconds",
                "clinicnode_http_requests_seconds", "clinicnode_db_commit_seconds");
    }

    @Test
    void openApiDocumentDescribesTheApi() {
        ApiClient.Response openapi = node.api().get("/openapi");

        assertThat(openapi.status()).isEqualTo(200);
        assertThat(openapi.body()).startsWith("openapi: 3").contains("/api/session:", "/api/patients:", "/api/appointments:");
    }

    @Test
    void unknownApiPathIsAProblemNotAStackTrace() {
        ApiClient.Response response = node.admin().get("/api/nothing-here");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Exception");
    }
}
