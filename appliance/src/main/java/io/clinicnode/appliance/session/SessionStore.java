package io.clinicnode.appliance.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;

/**
 * Issues, checks, slides and revokes login sessions. A session ends after {@code idleTimeout} without use,
 * and at once on logout. Sessions live in H2 so a restart of the node keeps them.
 *
 * <p>Thread-safe.
 */
public final class SessionStore {
    /** Sliding the expiry costs a write; doing it at most this often keeps reads read-only. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final DbClient db;
    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SessionStore(DbClient db, Duration idleTimeout, Clock clock) {
        this.db = db;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** Opens a session and returns its bearer token together with the session; drops expired ones on the way. */
    public Issued open(String username) {
        purgeExpired();
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        Session session = new Session(hash(token), username, now.plus(idleTimeout));
        db.execute().dml("INSERT INTO user_session (token_hash, username, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                session.tokenHash(), username, Rows.utc(now), Rows.utc(now), Rows.utc(session.expiresAt()));
        return new Issued(token, session);
    }

    /** The live session for {@code token}, its expiry slid forward; empty if unknown, expired or revoked. */
    public Optional<Session> touch(String token) {
        String tokenHash = hash(token);
        Instant now = clock.instant();
        return db.execute().get("SELECT username, last_seen_at, expires_at FROM user_session WHERE token_hash = ?", tokenHash)
                .flatMap(row -> {
                    Instant expiresAt = Rows.instant(row, "expires_at");
                    if (!expiresAt.isAfter(now)) {
                        return Optional.empty();
                    }
                    String username = Rows.text(row, "username");
                    if (Duration.between(Rows.instant(row, "last_seen_at"), now).compareTo(TOUCH_INTERVAL) < 0) {
                        return Optional.of(new Session(tokenHash, username, expiresAt));
                    }
                    Instant newExpiry = now.plus(idleTimeout);
                    db.execute().dml("UPDATE user_session SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?",
                            Rows.utc(now), Rows.utc(newExpiry), tokenHash);
                    return Optional.of(new Session(tokenHash, username, newExpiry));
                });
    }

    /** Whether the session with this token hash is still open, without sliding its expiry. */
    public boolean isLive(String tokenHash) {
        return db.execute().get("SELECT expires_at FROM user_session WHERE token_hash = ?", tokenHash)
                .map(row -> Rows.instant(row, "expires_at").isAfter(clock.instant()))
                .orElse(false);
    }

    public void revoke(String tokenHash) {
        db.execute().dml("DELETE FROM user_session WHERE token_hash = ?", tokenHash);
    }

    /** Revokes every session of {@code username} (password change, deactivation). */
    public void revokeAll(String username) {
        db.execute().dml("DELETE FROM user_session WHERE username = ?", username);
    }

    /** Deletes expired sessions (an indexed range delete, cheap enough to run at every login). */
    long purgeExpired() {
        return db.execute().dml("DELETE FROM user_session WHERE expires_at <= ?", Rows.utc(clock.instant()));
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A new session and the token that the client presents for it. */
    public record Issued(String token, Session session) {
    }
}
