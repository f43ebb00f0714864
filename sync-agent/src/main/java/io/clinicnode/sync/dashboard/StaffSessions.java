package io.clinicnode.sync.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Staff sessions of one dashboard process, in memory: the dashboard's login may only read central, so sessions
 * are not stored there, and a restarted dashboard asks everyone to log in again. Keyed by the SHA-256 of the
 * 256-bit bearer token, so a heap dump holds no usable token; each use slides the idle deadline.
 *
 * <p>Thread-safe.
 */
final class StaffSessions {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idleTimeout;
    private final Clock clock;

    StaffSessions(Duration idleTimeout, Clock clock) {
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** A live session. */
    record Session(String username, String tokenHash, Instant expiresAt) {
    }

    /** A new session and its token (given to the browser once). */
    record Issued(String token, Session session) {
    }

    Issued open(String username) {
        Instant now = clock.instant();
        sessions.values().removeIf(session -> !session.expiresAt().isAfter(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Session session = new Session(username, hash(token), now.plus(idleTimeout));
        sessions.put(session.tokenHash(), session);
        return new Issued(token, session);
    }

    /** The live session of {@code token}, its idle deadline moved forward; empty when unknown or expired. */
    Optional<Session> touch(String token) {
        Instant now = clock.instant();
        Session touched = sessions.computeIfPresent(hash(token), (key, session) -> session.expiresAt().isAfter(now)
                ? new Session(session.username(), key, now.plus(idleTimeout))
                : null);
        return Optional.ofNullable(touched);
    }

    void revoke(String tokenHash) {
        sessions.remove(tokenHash);
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
