package io.clinicnode.sync.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The agent's meters in its node's registry ({@code /observe/metrics}, Prometheus names
 * {@code clinicnode_sync_*}): whether it syncs and why not, backlog in events and seconds, events shipped and
 * parked, and the lag from an event's time to its commit at central.
 *
 * <p>Thread-safe (the meters are).
 */
final class SyncMetrics {
    private final SyncAgent agent;
    private final List<Meter> registered = new ArrayList<>();
    private volatile MeterRegistry meters;
    private Counter shipped;
    private Counter parked;
    private Timer lag;

    SyncMetrics(SyncAgent agent) {
        this.agent = agent;
    }

    void register(MeterRegistry meters) {
        this.meters = meters;
        add(Gauge.builder("clinicnode.sync.up", agent, a -> a.status().healthy() ? 1 : 0)
                .description("1 when events reach central (or another node ships them), 0 when not").register(meters));
        add(Gauge.builder("clinicnode.sync.leader", agent, a -> a.leader() ? 1 : 0)
                .description("1 on the node that ships the clinic's events").register(meters));
        add(Gauge.builder("clinicnode.sync.backlog.events", agent, SyncAgent::backlogEvents)
                .description("Durable events not yet at central").register(meters));
        add(Gauge.builder("clinicnode.sync.backlog.seconds", agent, SyncAgent::backlogSeconds)
                .description("Age of the oldest event not yet at central").register(meters));
        for (FailureKind kind : FailureKind.values()) {
            add(Gauge.builder("clinicnode.sync.failing", agent, a -> a.status().failure() == kind ? 1 : 0)
                    .tags("reason", kind.label())
                    .description("1 for the reason the agent is not syncing now").register(meters));
        }
        shipped = add(Counter.builder("clinicnode.sync.events.shipped")
                .description("Events stored at central by this node").register(meters));
        parked = add(Counter.builder("clinicnode.sync.dead.letters")
                .description("Events central refused after retries, parked in its dead letters").register(meters));
        lag = add(Timer.builder("clinicnode.sync.lag")
                .description("From an event's time (its HLC) to its batch's commit at central").register(meters));
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
        if (meters != null) {
            registered.forEach(meters::remove);
        }
        registered.clear();
    }
}
