package io.clinicnode.appliance.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login limit of a node that runs alone, counted in memory: each count is one atomic {@link ConcurrentHashMap#compute}
 * per key, so parallel attempts cannot slip past the limit. Clustered nodes count in the shared state ({@link
 * io.clinicnode.appliance.session.shared.SharedLoginThrottle}), and fall back to this while it does not answer.
 *
 * <p>Thread-safe.
 */
public final class LocalLoginThrottle implements LoginThrottle {
    /** Above this many keys, those whose attempts are all older than the window are dropped. */
    private static final int TIDY_ABOVE = 10_000;

    private final int max;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, LoginAttempts> attempts = new ConcurrentHashMap<>();

    public LocalLoginThrottle(int max, Duration window, Clock clock) {
        this.max = max;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    @Override
    public Admission admit(String username, String address) {
        long now = clock.millis();
        if (attempts.size() > TIDY_ABOVE) {
            attempts.values().removeIf(counted -> counted.after(now - windowMillis).isEmpty());
        }
        long userWait = take(userKey(username), now);
        if (userWait > 0) {
            return Admission.refused(username, address, Duration.ofMillis(userWait));
        }
        long addressWait = take(addressKey(address), now);
        if (addressWait > 0) {
            // Refused attempts count nothing: the user's place taken a moment ago goes back.
            giveBack(userKey(username), now);
            return Admission.refused(username, address, Duration.ofMillis(addressWait));
        }
        return Admission.admitted(username, address, now);
    }

    @Override
    public void succeeded(Admission admitted) {
        attempts.computeIfPresent(userKey(admitted.username()), (key, counted) -> orNull(counted.after(admitted.countedAt())));
        giveBack(addressKey(admitted.address()), admitted.countedAt());
    }

    /**
     * Counts an attempt that the cluster admitted, so that this node's count can stand in for the cluster's while that
     * does not answer. Counts even past the limit: the cluster has decided.
     */
    public void counted(Admission admitted) {
        attempts.merge(userKey(admitted.username()), LoginAttempts.NONE.plus(admitted.countedAt(), windowMillis),
                (counted, more) -> counted.plus(admitted.countedAt(), windowMillis));
        attempts.merge(addressKey(admitted.address()), LoginAttempts.NONE.plus(admitted.countedAt(), windowMillis),
                (counted, more) -> counted.plus(admitted.countedAt(), windowMillis));
    }

    /** Counts one attempt at {@code now} unless the key is at its limit; returns 0 if counted, else the wait in ms. */
    private long take(String key, long now) {
        long[] wait = new long[1];
        attempts.compute(key, (ignored, counted) -> {
            LoginAttempts current = counted == null ? LoginAttempts.NONE : counted;
            wait[0] = current.waitMillis(now, windowMillis, max);
            return wait[0] > 0 ? counted : current.plus(now, windowMillis);
        });
        return wait[0];
    }

    private void giveBack(String key, long countedAt) {
        attempts.computeIfPresent(key, (ignored, counted) -> orNull(counted.without(countedAt)));
    }

    private static LoginAttempts orNull(LoginAttempts attempts) {
        return attempts.isEmpty() ? null : attempts;
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase();
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
