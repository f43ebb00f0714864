package io.clinicnode.appliance.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The login limit of a node that runs alone, counted in memory. Clustered nodes count in the shared state
 * ({@link io.clinicnode.appliance.session.shared.SharedLoginThrottle}), and fall back to this while it does not answer.
 *
 * <p>Thread-safe.
 */
public final class LocalLoginThrottle implements LoginThrottle {
    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LocalLoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public Optional<Duration> blockedFor(String username, String address) {
        Instant now = clock.instant();
        Duration user = blockedFor(userKey(username), now);
        Duration remote = blockedFor(addressKey(address), now);
        Duration longest = user.compareTo(remote) >= 0 ? user : remote;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    @Override
    public void failed(String username, String address) {
        Instant now = clock.instant();
        record(userKey(username), now);
        record(addressKey(address), now);
    }

    @Override
    public void succeeded(String username) {
        failures.remove(userKey(username));
    }

    private Duration blockedFor(String key, Instant now) {
        Deque<Instant> attempts = failures.get(key);
        if (attempts == null) {
            return Duration.ZERO;
        }
        synchronized (attempts) {
            prune(attempts, now);
            if (attempts.size() < maxFailures) {
                return Duration.ZERO;
            }
            return Duration.between(now, attempts.peekFirst().plus(window));
        }
    }

    private void record(String key, Instant now) {
        Deque<Instant> attempts = failures.computeIfAbsent(key, ignored -> new ArrayDeque<>());
        synchronized (attempts) {
            prune(attempts, now);
            attempts.addLast(now);
        }
    }

    private void prune(Deque<Instant> attempts, Instant now) {
        Instant oldest = now.minus(window);
        while (!attempts.isEmpty() && !attempts.peekFirst().isAfter(oldest)) {
            attempts.removeFirst();
        }
    }

    private static String userKey(String username) {
        return "user:" + username.toLowerCase();
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
