package io.clinicnode.appliance.session;

import java.time.Duration;
import java.util.Optional;

/**
 * Refuses logins after a number of failed attempts within a window for the same username or the same client address,
 * so passwords cannot be guessed at speed: 5 failures in 5 minutes. A node that runs alone counts in memory
 * ({@link LocalLoginThrottle}); clustered nodes count cluster-wide
 * ({@link io.clinicnode.appliance.session.shared.SharedLoginThrottle}).
 *
 * <p>Implementations are thread-safe.
 */
public interface LoginThrottle {
    int MAX_FAILURES = 5;
    Duration WINDOW = Duration.ofMinutes(5);

    /** How long until a login may be tried again for this user or address; empty when it may now. */
    Optional<Duration> blockedFor(String username, String address);

    void failed(String username, String address);

    void succeeded(String username);
}
