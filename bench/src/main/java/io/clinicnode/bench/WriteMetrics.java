package io.clinicnode.bench;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.clinicnode.installer.process.NodeClient;

/**
 * The node's write-path meters (group size, journal sync, H2 commit) since it started, read from
 * {@code /observe/metrics} (Prometheus text), to show where a write's time goes.
 *
 * <p>Thread-safe (stateless).
 */
final class WriteMetrics {
    private static final Pattern SAMPLE = Pattern.compile("^(clinicnode_[a-z_]+)\\{([^}]*)\\} ([0-9.Ee+-]+)$", Pattern.MULTILINE);

    private WriteMetrics() {
    }

    /** E.g. {@code 812 groups of 24.6 events on average; journal sync mean 1.20 ms, p99 4.10 ms; H2 commit mean …}. */
    static Optional<String> read(URI node) throws IOException {
        NodeClient.Response response = NodeClient.to(node).get("/observe/metrics");
        if (response.status() != 200) {
            return Optional.empty();
        }
        Map<String, Double> values = new HashMap<>();
        Matcher matcher = SAMPLE.matcher(response.body());
        while (matcher.find()) {
            String quantile = matcher.group(2).contains("quantile=\"0.99\"") ? "_p99" : "";
            values.put(matcher.group(1) + quantile, Double.parseDouble(matcher.group(3)));
        }
        double groups = values.getOrDefault("clinicnode_journal_group_size_count", 0.0);
        if (groups == 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("%,.0f groups of %.1f events on average (max %.0f); journal sync mean %.2f ms, p99 %.2f ms;"
                        + " H2 commit mean %.2f ms, p99 %.2f ms (since the node started)",
                groups, values.getOrDefault("clinicnode_journal_group_size_sum", 0.0) / groups,
                values.getOrDefault("clinicnode_journal_group_size_max", 0.0),
                meanMillis(values, "clinicnode_journal_sync_seconds"), values.getOrDefault("clinicnode_journal_sync_seconds_p99", 0.0) * 1e3,
                meanMillis(values, "clinicnode_db_commit_seconds"), values.getOrDefault("clinicnode_db_commit_seconds_p99", 0.0) * 1e3));
    }

    private static double meanMillis(Map<String, Double> values, String timer) {
        double count = values.getOrDefault(timer + "_count", 0.0);
        return count == 0 ? 0 : values.getOrDefault(timer + "_sum", 0.0) / count * 1e3;
    }
}
