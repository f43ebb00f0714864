package io.clinicnode.sync.agent;

import java.time.Instant;
import java.util.Locale;

/**
 * What the agent is doing, for health, metrics and heartbeats. Immutable; the agent replaces it.
 *
 * @param state          what it does now
 * @param failure        why it is not syncing, or null when it is
 * @param message        the last error's sentence, or null
 * @param breaker        the circuit breaker's state: closed, open, half-open
 * @param lastSync       when a batch last committed at central, or null
 * @param lastDeadLetter the last event parked in central's dead letters and why, or null
 */
public record SyncStatus(State state, FailureKind failure, String message, String breaker, Instant lastSync,
                         String lastDeadLetter) {
    public enum State {
        /** Not connected yet. */
        STARTING,
        /** Another node leads the clinic and syncs. */
        STANDBY,
        /** Shipping a backlog. */
        SYNCING,
        /** Everything durable is at central. */
        IN_SYNC,
        /** Not syncing; {@link #failure} says why. */
        FAILING;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    static SyncStatus starting() {
        return new SyncStatus(State.STARTING, null, null, "closed", null, null);
    }

    SyncStatus standby() {
        return new SyncStatus(State.STANDBY, null, null, breaker, lastSync, lastDeadLetter);
    }

    SyncStatus inSync(String breakerState) {
        return new SyncStatus(State.IN_SYNC, null, null, breakerState, lastSync, lastDeadLetter);
    }

    SyncStatus syncing(String breakerState, Instant at) {
        return new SyncStatus(State.SYNCING, null, null, breakerState, at, lastDeadLetter);
    }

    SyncStatus failing(FailureKind kind, String why, String breakerState) {
        return new SyncStatus(State.FAILING, kind, why, breakerState, lastSync, lastDeadLetter);
    }

    SyncStatus parked(String event) {
        return new SyncStatus(state, failure, message, breaker, lastSync, event);
    }

    /** Whether events reach central (or another node ships them). */
    public boolean healthy() {
        return state != State.FAILING;
    }
}
