package io.clinicnode.sync.agent;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Guards the calls to central. Closed: calls go through. After {@code threshold} failures in a row it opens: no
 * call until a delay has passed, exponential in the failures (base × 2^n, capped) with jitter so that many
 * clinics coming back after a central outage do not all knock at once (a random wait between half and all of it). Then half-open: one call decides, success
 * closes it, failure opens it again for longer. Before the threshold, retries wait the same jittered delay.
 *
 * <p>Not thread-safe: used by the agent's thread; {@link #state()} may be read from any thread.
 */
final class CircuitBreaker {
    enum State {
        CLOSED, OPEN, HALF_OPEN;

        String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final int threshold;
    private final long baseMillis;
    private final long maxMillis;
    private int failures;
    private volatile State state = State.CLOSED;

    CircuitBreaker(int threshold, Duration base, Duration max) {
        this.threshold = threshold;
        this.baseMillis = base.toMillis();
        this.maxMillis = max.toMillis();
    }

    void onSuccess() {
        failures = 0;
        state = State.CLOSED;
    }

    /** Records a failure and returns how long to wait before the next call. */
    Duration onFailure() {
        failures++;
        if (failures >= threshold) {
            state = State.OPEN;
        }
        long ceiling = Math.min(maxMillis, baseMillis << Math.min(failures - 1, 20));
        long delay = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        return Duration.ofMillis(delay);
    }

    /** Called when the wait is over and one call is about to be tried. */
    void beforeCall() {
        if (state == State.OPEN) {
            state = State.HALF_OPEN;
        }
    }

    State state() {
        return state;
    }

    int failures() {
        return failures;
    }
}
