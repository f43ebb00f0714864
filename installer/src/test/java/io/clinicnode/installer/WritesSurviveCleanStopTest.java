package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node process stopped with SIGTERM closes cleanly, and its data is all there when it starts again. */
class WritesSurviveCleanStopTest {
    @TempDir
    Path work;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void keepsPatientsWrittenBeforeSigtermAcrossRestart() throws Exception {
        Path dataDir = work.resolve("node");
        Path config = TestNodes.fastLoginConfig(work);
        Map<String, String> idsByMarker = new LinkedHashMap<>();
        try (NodeProcess node = TestNodes.start(dataDir, config)) {
            NodeClient api = NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
            for (int i = 1; i <= 20; i++) {
                NodeClient.Response response = api.post("/api/patients", TestNodes.patient("clean" + i, i));
                assertThat(response.status()).as("registration %d: %s", i, response).isEqualTo(201);
                idsByMarker.put("clean" + i, response.json().getString("id"));
            }
            assertThat(node.stop(Duration.ofSeconds(30))).as("exit code after SIGTERM").isEqualTo(NodeProcess.TERMINATED_EXIT_CODE);
        }

        try (NodeProcess node = TestNodes.start(dataDir, config)) {
            NodeClient api = NodeClient.to(node.baseUri()).login("admin", TestNodes.ADMIN_PASSWORD);
            for (Map.Entry<String, String> patient : idsByMarker.entrySet()) {
                NodeClient.Response response = api.get("/api/patients/" + patient.getValue());
                assertThat(response.status()).as("patient %s after restart: %s", patient.getKey(), response).isEqualTo(200);
                assertThat(response.json().getString("fullName")).isEqualTo(TestNodes.NAME_PREFIX + patient.getKey());
            }
            JsonObject found = api.get("/api/patients?q=" + NodeClient.queryParameter("clean7") + "&limit=5").json();
            assertThat(found.getJsonArray("items")).as("search by name after restart").hasSize(1);
        }
    }
}
