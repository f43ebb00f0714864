package io.clinicnode.appliance.observe;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class NodeMetricsTest {
    @TempDir
    Path dataDirs;

    @Test
    void twoNodesInOneJvmEachReportTheirOwnJournal() {
        try (RunningNode first = RunningNode.start(dataDirs.resolve("a"));
             RunningNode second = RunningNode.start(dataDirs.resolve("b"))) {
            double secondBefore = sample(second, "clinicnode_journal_events_total");
            ApiClient admin = first.admin();
            for (int i = 0; i < 50; i++) {
                assertThat(admin.post("/api/patients", Json.createObjectBuilder()
                        .add("fullName", "Metric Person " + i).add("birthDate", "2000-01-01").build()).status()).isEqualTo(201);
            }

            assertThat(sample(first, "clinicnode_journal_events_total")).isGreaterThanOrEqualTo(50);
            assertThat(sample(second, "clinicnode_journal_events_total")).isEqualTo(secondBefore);
            assertThat(sample(first, "clinicnode_journal_size_bytes")).isPositive();
            assertThat(sample(second, "clinicnode_board_subscribers")).isZero();
        }
    }

    /** The value of the one series of {@code name} in the node's Prometheus text. */
    private static double sample(RunningNode node, String name) {
        ApiClient.Response metrics = node.api().get("/observe/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        Matcher matcher = Pattern.compile("^" + name + "\\{[^}]*\\} (\\S+)$", Pattern.MULTILINE).matcher(metrics.body());
        assertThat(matcher.find()).as(name + " in %s", metrics.body()).isTrue();
        return Double.parseDouble(matcher.group(1));
    }
}
