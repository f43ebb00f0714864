package io.clinicnode.sync.agent;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * {@code central-sync} under {@code /observe/health}: whether this node syncs, and if not why (dns, refused,
 * timeout, connection, auth, schema, tls, gap), with the backlog in events and seconds. It stays UP while central
 * is unreachable — the clinic works on and events wait (G2), so load balancers must not take the node out — and
 * the details carry the problem; {@code clinicnode_sync_up} in the metrics is the one to alert on.
 */
final class SyncHealthCheck implements HealthCheck {
    private final SyncAgent agent;

    SyncHealthCheck(SyncAgent agent) {
        this.agent = agent;
    }

    @Override
    public String name() {
        return "central-sync";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public HealthCheckResponse call() {
        SyncStatus status = agent.status();
        HealthCheckResponse.Builder response = HealthCheckResponse.builder()
                .status(HealthCheckResponse.Status.UP)
                .detail("state", status.state().label())
                .detail("syncing", status.healthy())
                .detail("leader", agent.leader())
                .detail("breaker", status.breaker())
                .detail("backlogEvents", agent.backlogEvents())
                .detail("backlogSeconds", Math.round(agent.backlogSeconds() * 10) / 10.0)
                .detail("shippedEvents", agent.shippedTotal())
                .detail("deadLetters", agent.deadLettersTotal());
        if (status.failure() != null) {
            response.detail("reason", status.failure().label()).detail("error", status.message());
        }
        if (status.lastSync() != null) {
            response.detail("lastSync", status.lastSync().toString());
        }
        if (status.lastDeadLetter() != null) {
            response.detail("lastDeadLetter", status.lastDeadLetter());
        }
        return response.build();
    }
}
