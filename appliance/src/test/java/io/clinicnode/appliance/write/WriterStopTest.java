package io.clinicnode.appliance.write;

import java.nio.file.Path;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A node whose writer stopped tells the desk to use another node and its probes that it is down, until restarted. */
class WriterStopTest {
    @TempDir
    Path dir;

    private static JsonObject patient(String name) {
        return Json.createObjectBuilder().add("fullName", name).add("birthDate", "1990-03-04").build();
    }

    @Test
    void afterAFailedDurableStepEveryWriteIs503AndHealthIsDownUntilTheRestartWhichTakesWritesAgain() {
        try (RunningNode node = RunningNode.start(dir)) {
            ApiClient desk = node.admin();
            TestClinic.patient(desk);
            RefuseJournalPosition.install(node.node().db());

            ApiClient.Response failed = desk.post("/api/patients", patient("Ana Falha"));
            RefuseJournalPosition.remove(node.node().db());
            ApiClient.Response next = desk.post("/api/patients", patient("Bia Depois"));
            ApiClient.Response health = node.api().get("/observe/health");

            assertThat(failed.status()).isEqualTo(503);
            assertThat(next.status()).isEqualTo(503);
            assertThat(next.header("Content-Type")).startsWith("application/problem+json");
            assertThat(next.json().getString("detail")).contains("stopped taking changes", "restart");
            assertThat(next.body()).doesNotContain("Exception", "at io.");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.body()).contains("\"journal\"", "stopped taking changes");
        }
        try (RunningNode node = RunningNode.start(dir)) {
            assertThat(node.admin().post("/api/patients", patient("Caio Reinicio")).status()).isEqualTo(201);
            assertThat(node.api().get("/observe/health").status()).isEqualTo(200);
        }
    }
}
