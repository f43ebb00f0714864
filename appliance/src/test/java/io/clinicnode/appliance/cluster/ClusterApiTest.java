package io.clinicnode.appliance.cluster;

import java.nio.file.Path;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterApiTest {
    @TempDir
    Path dir;

    @Test
    void aStandaloneNodeListsItselfAloneAsLeaderWithItsPositionAndChecksum() {
        try (RunningNode running = RunningNode.start(dir)) {
            ApiClient admin = running.admin();
            String nodeId = running.node().identity().nodeId();

            JsonObject cluster = admin.get("/api/cluster").json();

            assertThat(cluster.getString("clinic")).isEqualTo(running.node().identity().clinicId());
            assertThat(cluster.getString("self")).isEqualTo(nodeId);
            assertThat(cluster.getString("leader")).isEqualTo(nodeId);
            assertThat(cluster.getJsonArray("members")).hasSize(1);
            JsonObject self = cluster.getJsonArray("members").getJsonObject(0);
            assertThat(self.getString("nodeId")).isEqualTo(nodeId);
            assertThat(self.getBoolean("leader")).isTrue();
            assertThat(self.getBoolean("self")).isTrue();
            assertThat(self.getBoolean("reachable")).isTrue();
            assertThat(self.getJsonObject("journal").getJsonNumber(nodeId).longValue()).isPositive();
            assertThat(self.getString("checksum")).matches("[0-9a-f]{64}");
            assertThat(self.getString("httpUrl")).isEqualTo("http://127.0.0.1:" + running.node().port());

            TestClinic.patient(admin);
            JsonObject later = admin.get("/api/cluster").json().getJsonArray("members").getJsonObject(0);
            assertThat(later.getString("checksum")).isNotEqualTo(self.getString("checksum"));
        }
    }

    @Test
    void onlyAnAdminSeesTheCluster() {
        try (RunningNode running = RunningNode.start(dir)) {
            ApiClient desk = TestClinic.frontDesk(running.admin(), "desk1");

            assertThat(desk.get("/api/cluster").status()).isEqualTo(403);
            assertThat(running.api().get("/api/cluster").status()).isEqualTo(401);
        }
    }
}
