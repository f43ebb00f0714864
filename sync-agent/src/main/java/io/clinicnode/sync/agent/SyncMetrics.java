package io.clinicnode.sync.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Metrics;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;

/**
 * The agent's meters in the global registry ({@code /observe/metrics}, Prometheus names
 * {@code clinicnode_sync_*}): whether it syncs and why not, backlog in events and seconds, events shipped and
 * parked, and the lag from an event's time to its commit at central.
 *
 * <p>Thread-safe (the meters are).
 */
final class SyncMetrics {
    private final SyncAgent agent;
    private final List<Meter> registered = new ArrayList<>();
    private Counter shipped;
    private Counter parked;
    private Timer lag;

    SyncMetrics(SyncAgent agent) {
        this.agent = agent;
    }

    void register() {
        MeterRegistry meters = Metrics.globalRegistry();
        add(meters.getOrCreate(Gauge.builder("clinicnode.sync.up", agent, a -> a.status().healthy() ? 1 : 0)
                .description("1 when events reach central (or another node ships them), 0 when not")));
        add(meters.getOrCreate(Gauge.builder("clinicnode.sync.leader", agent, a -> a.leader() ? 1 : 0)
                .description("1 on the node that ships the clinic's events")));
        add(meters.getOrCreate(Gauge.builder("clinicnode.sync.backlog.events", agent, SyncAgent::backlogEvents)
                .description("Durable events not yet at central")));
        add(meters.getOrCreate(Gauge.builder("clinicnode.sync.backlog.seconds", agent, SyncAgent::backlogSeconds)
                .description("Age of the oldest event not yet at central")));
        for (FailureKind kind : FailureKind.values()) {
            add(meters.getOrCreate(Gauge.builder("clinicnode.sync.failing", agent, a -> a.status().failure() == kind ? 1 : 0)
                    .tags(List.of(Tag.create("reason", kind.label())))
                    .description("1 for the reason the agent is not syncing now")));
        }
        shipped = add(meters.getOrCreate(Counter.builder("clinicnode.sync.events.shipped")
                .description("Events stored at central by this node")));
        parked = add(meters.getOrCreate(Counter.builder("clinicnode.sync.dead.letters")
                .description("Events central refused after retries, parked in its dead letters")));
        lag = add(meters.getOrCreate(Timer.builder("clinicnode.sync.lag")
                .description("From an event's time (its HLC) to its batch's commit at central")));
    }

    private <M extends Meter> M add(M meter) {
        registered.add(meter);
        return meter;
    }

    void shipped(int events) {
        if (shipped != null) {
            shipped.increment(events);
        }
    }

    void parked() {
        if (parked != null) {
            parked.increment();
        }
    }

    void lag(double millis) {
        if (lag != null) {
            lag.record(Duration.ofNanos((long) (Math.max(0, millis) * 1_000_000)));
        }
    }

    void unregister() {
        MeterRegistry meters = Metrics.globalRegistry();
        registered.forEach(meters::remove);
        registered.clear();
    }
}
