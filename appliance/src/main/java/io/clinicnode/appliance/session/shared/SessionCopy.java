package io.clinicnode.appliance.session.shared;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * This node's H2 copy of the shared sessions ({@code shared_session}): every change any node makes reaches every
 * node's copy, merged with {@link SharedSession#join}, so that the copy never goes back (a tombstone is never
 * replaced by a live state). After a restart of every node the copies are merged back into the map, which makes the
 * sessions survive, and the tombstones keep logged-out sessions from coming back.
 *
 * <p>Thread-safe: merges are serialised (a handful per second at most: logins, slides every 30 s per desk, logouts).
 */
final class SessionCopy {
    private final DbClient db;
    private final Clock clock;

    SessionCopy(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Optional<SharedSession> find(String tokenHash) {
        return db.execute().get("SELECT expires_at, keep_until, revoked, sealed FROM shared_session WHERE token_hash = ?", tokenHash)
                .map(SessionCopy::session);
    }

    /** Merges {@code incoming} into the copy of that session. */
    synchronized void merge(String tokenHash, SharedSession incoming) {
        Optional<SharedSession> current = find(tokenHash);
        SharedSession merged = SharedSession.join(current.orElse(null), incoming);
        if (current.isPresent() && merged.sameAs(current.get())) {
            return;
        }
        db.execute().dml("MERGE INTO shared_session (token_hash, expires_at, keep_until, revoked, sealed) KEY (token_hash)"
                        + " VALUES (?, ?, ?, ?, ?)",
                tokenHash, merged.expiresAt(), merged.keepUntil(), merged.revoked(), merged.sealed());
        if (merged.revoked() && current.map(session -> !session.revoked()).orElse(true)) {
            // H2 writes its file up to a second after a commit, and this table is not journaled: a logout must reach
            // the disk now, or a kill -9 of every node right after it would bring the session back after the restart.
            db.execute().dml("CHECKPOINT SYNC");
        }
    }

    /** Every session (tombstones included) that must still be kept, by token hash. */
    Map<String, SharedSession> kept() {
        Map<String, SharedSession> sessions = new LinkedHashMap<>();
        db.execute().query("SELECT token_hash, expires_at, keep_until, revoked, sealed FROM shared_session WHERE keep_until > ?",
                        clock.millis())
                .forEach(row -> sessions.put(row.column("token_hash").get(String.class), session(row)));
        return sessions;
    }

    /** Deletes what no longer needs keeping (an indexed range delete). */
    long purge() {
        return db.execute().dml("DELETE FROM shared_session WHERE keep_until <= ?", clock.millis());
    }

    private static SharedSession session(DbRow row) {
        return new SharedSession(row.column("expires_at").get(Long.class), row.column("keep_until").get(Long.class),
                row.column("revoked").get(Boolean.class), row.column("sealed").get(byte[].class));
    }
}
