package io.clinicnode.appliance.testing;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one wait-until of the tests: polls a probe until what it reads satisfies a condition, or fails after a deadline
 * with what it read last, so a failure says how far the system got. Polls every 20 ms; a probe that throws counts as
 * "not yet" (a node still starting, a database restarting) and its error is reported if the deadline passes.
 *
 * <p>Stateless; safe from any thread.
 */
public final class Eventually {
    private static final long POLL_MILLIS = 20;

    private Eventually() {
    }

    /** What a probe reads; may throw (connection refused, SQL error) while the system is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /**
     * Reads {@code probe} until {@code reached} holds for the value and returns that value.
     *
     * @param what    what is awaited, for the failure message ("the cluster as node-1 sees it")
     * @throws AssertionError when the deadline passes first, with the last value (or error) read
     */
    public static <T> T await(String what, Duration timeout, Probe<T> probe, Predicate<? super T> reached) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Object last = null;
        while (true) {
            try {
                T value = probe.read();
                if (reached.test(value)) {
                    return value;
                }
                last = value;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Within " + timeout + ", " + what + " did not reach the expected state; last: " + last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted while waiting for " + what, e);
            }
        }
    }

    /** Waits until {@code condition} holds. */
    public static void await(String what, Duration timeout, Probe<Boolean> condition) {
        await(what, timeout, condition, Boolean.TRUE::equals);
    }
}
