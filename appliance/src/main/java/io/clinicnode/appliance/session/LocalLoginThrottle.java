package io.clinicnode.appliance.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login limit of a node that runs alone, counted in memory per user, per user on one address and per address: each
 * count is one atomic {@link ConcurrentHashMap#compute} per key, so parallel attempts cannot slip past the limit. Clustered nodes count in the shared state ({@link
 * io.clinicnode.appliance.session.shared.SharedLoginThrottle}), and fall back to this while it does not answer.
 *
 * <p>Thread-safe.
 */
public final class LocalLoginThrottle implements LoginThrottle {
    /** Above this many keys, those whose attempts are all older than the window are dropped. */
    private static final int TIDY_ABOVE = 10_000;

    private final int max;
    private final int maxPerAddress;
    private final long windowMillis;
    private final Clock clock;
    private final Map<String, LoginAttempts> attempts = new ConcurrentHashMap<>();

    /** {@code max} per user and per user on one address, {@link #MAX_PER_ADDRESS} per address. */
    public LocalLoginThrottle(int max, Duration window, Clock clock) {
        this(max, MAX_PER_ADDRESS, window, clock);
    }

    public LocalLoginThrottle(int max, int maxPerAddress, Duration window, Clock clock) {
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    @Override
    public Admission admit(String username, String address) {
        long now = clock.millis();
        if (attempts.size() > TIDY_ABOVE) {
            attempts.values().removeIf(counted -> counted.after(now - windowMillis).isEmpty());
        }
        List<String> keys = keys(username, address);
        List<Integer> limits = List.of(max, max, maxPerAddress);
        for (int index = 0; index < keys.size(); index++) {
            long wait = take(keys.get(index), now, limits.get(index));
            if (wait > 0) {
                // Refused attempts count nothing: the places taken a moment ago on the other keys go back.
                keys.subList(0, index).forEach(taken -> giveBack(taken, now));
                return Admission.refused(username, address, Duration.ofMillis(wait));
            }
        }
        return Admission.admitted(username, address, now);
    }

    @Override
    public void succeeded(Admission admitted) {
        attempts.computeIfPresent(userKey(admitted.username()), (key, counted) -> orNull(counted.after(admitted.countedAt())));
        attempts.computeIfPresent(userAddressKey(admitted.username(), admitted.address()),
                (key, counted) -> orNull(counted.after(admitted.countedAt())));
        giveBack(addressKey(admitted.address()), admitted.countedAt());
    }

    /**
     * Counts an attempt that the cluster admitted, so that this node's count can stand in for the cluster's while that
     * does not answer. Counts even past the limit: the cluster has decided.
     */
    public void counted(Admission admitted) {
        for (String key : keys(admitted.username(), admitted.address())) {
            attempts.merge(key, LoginAttempts.NONE.plus(admitted.countedAt(), windowMillis),
                    (counted, more) -> counted.plus(admitted.countedAt(), windowMillis));
        }
    }

    /** Counts one attempt at {@code now} unless the key is at {@code limit}; returns 0 if counted, else the wait in ms. */
    private long take(String key, long now, int limit) {
        long[] wait = new long[1];
        attempts.compute(key, (ignored, counted) -> {
            LoginAttempts current = counted == null ? LoginAttempts.NONE : counted;
            wait[0] = current.waitMillis(now, windowMillis, limit);
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

    /** The keys an attempt is counted on, in the order of {@code admit}'s limits: user, user on address, address. */
    private static List<String> keys(String username, String address) {
        return List.of(userKey(username), userAddressKey(username, address), addressKey(address));
    }

    private static String userAddressKey(String username, String address) {
        return "user-address:" + username.toLowerCase() + "@" + address;
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
