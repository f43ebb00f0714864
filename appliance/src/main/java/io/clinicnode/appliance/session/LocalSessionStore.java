package io.clinicnode.appliance.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;

/**
 * The sessions of a node that runs alone, in its H2 database ({@code user_session}), so a restart of the node keeps
 * them. Clustered nodes use {@link io.clinicnode.appliance.session.shared.SharedSessionStore} instead.
 *
 * <p>Thread-safe.
 */
public final class LocalSessionStore implements SessionStore {
    /** Sliding the expiry costs a write; doing it at most this often keeps reads read-only. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final DbClient db;
    private final Duration idleTimeout;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public LocalSessionStore(DbClient db, Duration idleTimeout, Clock clock) {
        this.db = db;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** {@inheritDoc} Drops expired sessions on the way. */
    @Override
    public Issued open(String username) {
        purgeExpired();
        String token = SessionStore.newToken(random);
        Instant now = clock.instant();
        Session session = new Session(SessionStore.hash(token), username, now.plus(idleTimeout));
        db.execute().dml("INSERT INTO user_session (token_hash, username, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                session.tokenHash(), username, Rows.utc(now), Rows.utc(now), Rows.utc(session.expiresAt()));
        return new Issued(token, session);
    }

    @Override
    public Optional<Session> touch(String token) {
        String tokenHash = SessionStore.hash(token);
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

    @Override
    public boolean isLive(String tokenHash) {
        return db.execute().get("SELECT expires_at FROM user_session WHERE token_hash = ?", tokenHash)
                .map(row -> Rows.instant(row, "expires_at").isAfter(clock.instant()))
                .orElse(false);
    }

    @Override
    public void revoke(String tokenHash) {
        db.execute().dml("DELETE FROM user_session WHERE token_hash = ?", tokenHash);
    }

    @Override
    public void revokeAll(String username) {
        db.execute().dml("DELETE FROM user_session WHERE username = ?", username);
    }

    /** Deletes expired sessions (an indexed range delete, cheap enough to run at every login). */
    long purgeExpired() {
        return db.execute().dml("DELETE FROM user_session WHERE expires_at <= ?", Rows.utc(clock.instant()));
    }

    @Override
    public Duration idleTimeout() {
        return idleTimeout;
    }

}
