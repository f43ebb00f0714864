package io.clinicnode.appliance.session;

import java.time.Duration;

/**
 * Limits password checks so that passwords cannot be guessed at speed: at most 5 per username, 5 per username on one
 * client address, and {@link #MAX_PER_ADDRESS} per client address (across users) in 5 minutes. The address's ceiling is
 * higher than a user's on purpose: a front-desk computer is shared, and one receptionist mistyping her password five
 * times must not lock every colleague out of that computer; guessing across many users from one computer still stops. Each attempt is counted, atomically, <em>before</em> its password is checked ({@link #admit}), so no
 * number of parallel attempts gets more checks than that; a refused attempt counts nothing. A right password gives its
 * attempt back and clears the user's earlier attempts ({@link #succeeded}), so what stays counted is the failures (and
 * attempts still being checked). A node that runs alone counts in memory ({@link LocalLoginThrottle}); clustered nodes
 * count cluster-wide ({@link io.clinicnode.appliance.session.shared.SharedLoginThrottle}).
 *
 * <p>Implementations are thread-safe.
 */
public interface LoginThrottle {
    /** Attempts counted per user, and per user on one address, within {@link #WINDOW}; successful ones are given back. */
    int MAX_FAILURES = 5;
    /** Attempts counted per address, whatever the user, within {@link #WINDOW}. */
    int MAX_PER_ADDRESS = 20;
    Duration WINDOW = Duration.ofMinutes(5);

    /**
     * Counts one attempt for {@code username}, for the user on {@code address} and for {@code address}, unless any of them
     * has reached its limit; only an
     * admitted attempt may have its password checked, once.
     */
    Admission admit(String username, String address);

    /**
     * The admitted attempt's password was right: it is given back to its address, and the user's attempts counted up to
     * it (on every address) are forgotten. Attempts counted after it (a parallel burst racing the success) stay counted.
     */
    void succeeded(Admission admitted);

    /**
     * The answer to one login attempt: admitted (counted at {@code countedAt}, epoch milliseconds) or refused for
     * {@code refusedFor}, because a limit was reached or, with {@code notCounted}, because the attempt could not be
     * counted in time (the cluster's count did not answer). Immutable.
     */
    record Admission(String username, String address, long countedAt, Duration refusedFor, boolean notCounted) {
        public static Admission admitted(String username, String address, long countedAt) {
            return new Admission(username, address, countedAt, Duration.ZERO, false);
        }

        public static Admission refused(String username, String address, Duration refusedFor) {
            return new Admission(username, address, -1, refusedFor, false);
        }

        public static Admission notCounted(String username, String address, Duration retryAfter) {
            return new Admission(username, address, -1, retryAfter, true);
        }

        public boolean isAdmitted() {
            return refusedFor.isZero();
        }
    }
}
