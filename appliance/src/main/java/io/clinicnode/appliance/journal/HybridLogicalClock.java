package io.clinicnode.appliance.journal;

import java.time.Clock;

/**
 * Hybrid logical clock (Kulkarni et al.): a timestamp that follows wall time but never goes backwards and
 * orders causally related events across nodes even when their clocks disagree. Packed in one long:
 * the upper 48 bits are milliseconds since the epoch, the lower 16 a logical counter.
 *
 * <p>Thread-safe.
 */
public final class HybridLogicalClock {
    private static final int LOGICAL_BITS = 16;
    private static final long LOGICAL_MASK = (1L << LOGICAL_BITS) - 1;

    private final Clock wallClock;
    private long last;

    public HybridLogicalClock(Clock wallClock) {
        this.wallClock = wallClock;
    }

    /** A timestamp for a local event, greater than every timestamp this clock has issued or seen. */
    public synchronized long now() {
        long wall = wallClock.millis() << LOGICAL_BITS;
        last = wall > last ? wall : last + 1;
        return last;
    }

    /** Takes in a timestamp seen on an event from elsewhere (or replayed), so later local ones come after it. */
    public synchronized void observe(long seen) {
        if (seen > last) {
            last = seen;
        }
    }

    public static long physicalMillis(long hlc) {
        return hlc >>> LOGICAL_BITS;
    }

    public static int logical(long hlc) {
        return (int) (hlc & LOGICAL_MASK);
    }
}
