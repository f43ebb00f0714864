package io.clinicnode.appliance.write;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How far this node has applied (and committed) each origin's events, in memory, with a way to wait for a given
 * event. A node that forwarded a change to the leader waits here until the leader's event for it has been applied
 * locally too, so the desk that made the change reads it back from its own node at once.
 *
 * <p>Thread-safe.
 */
public final class AppliedWatermarks {
    private final Map<String, Long> applied = new ConcurrentHashMap<>();
    private final Object changed = new Object();

    AppliedWatermarks(Map<String, Long> initial) {
        applied.putAll(initial);
    }

    /** Records that {@code origin} is applied up to {@code seq} (never moves back). */
    void advance(String origin, long seq) {
        applied.merge(origin, seq, Math::max);
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The highest sequence of {@code origin} applied here, 0 when none. */
    public long applied(String origin) {
        return applied.getOrDefault(origin, 0L);
    }

    /** A copy of every origin's applied sequence. */
    public Map<String, Long> snapshot() {
        return Map.copyOf(applied);
    }

    /**
     * Waits until {@code origin} is applied up to {@code seq}.
     *
     * @return whether it was within {@code timeout}
     */
    public boolean await(String origin, long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (changed) {
            while (applied(origin) < seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, left);
            }
            return true;
        }
    }
}
