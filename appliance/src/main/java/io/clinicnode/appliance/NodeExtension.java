package io.clinicnode.appliance;

import java.util.List;

import io.helidon.health.HealthCheck;

/**
 * Something that runs inside a node without the appliance depending on it, such as the sync agent (module
 * sync-agent). The node adds its health checks to {@code /observe/health}, starts it once the node serves
 * requests and has joined its cluster, and closes it first when the node stops. Metrics go to the node's registry
 * ({@link Node#meters()}), which its {@code /observe/metrics} serves.
 */
public interface NodeExtension extends AutoCloseable {
    /** Checks to report under {@code /observe/health}; asked once, before {@link #start}. */
    default List<HealthCheck> healthChecks() {
        return List.of();
    }

    /** Starts work; must return promptly (long work belongs on the extension's own threads). */
    void start(Node node);

    /** Stops work; called before the node closes its journal and database. */
    @Override
    void close();
}
