package io.clinicnode.appliance.session.shared;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

import io.clinicnode.appliance.shared.SealedValues;

/**
 * One session as the clinic's nodes share it, under the SHA-256 of its token: when it expires, until when the entry
 * must be kept, whether it was revoked (logged out), and the username sealed with the cluster key. The three clear
 * fields are authenticated with the sealed part (AES-GCM associated data, together with the token hash), so they
 * cannot be changed, nor the entry moved to another key, without the node refusing it.
 *
 * <p>Sessions merge with {@link #join}: a revoked session stays revoked (tokens are never reused, so a revocation is
 * final), otherwise the later expiry wins. The join is commutative, associative and idempotent, so copies that met in
 * any order (other nodes' H2 copies after a full restart, two sides of a healed partition) end up the same.
 *
 * <p>Immutable and thread-safe.
 *
 * @param expiresAt epoch milliseconds after which the session is no longer valid
 * @param keepUntil epoch milliseconds until which the entry is kept (for a revoked one: as long as any stale copy of
 *                  the live session could still be unexpired)
 * @param revoked   whether the session was logged out or revoked
 * @param sealed    the username, sealed with the cluster key ({@link SealedValues})
 */
public record SharedSession(long expiresAt, long keepUntil, boolean revoked, byte[] sealed) {
    /** Kept this long past its expiry, so that nodes whose clocks differ a little agree it is over. */
    static final Duration KEEP_MARGIN = Duration.ofMinutes(1);

    static SharedSession live(SealedValues box, String tokenHash, String username, Instant expiresAt) {
        long expires = expiresAt.toEpochMilli();
        long keep = expires + KEEP_MARGIN.toMillis();
        return new SharedSession(expires, keep, false,
                box.seal(username.getBytes(StandardCharsets.UTF_8), associatedData(tokenHash, expires, keep, false)));
    }

    /**
     * A tombstone: kept for an idle timeout past the revocation, the longest any copy of the live session (last slid
     * at the latest now) could still be unexpired.
     */
    static SharedSession revoked(SealedValues box, String tokenHash, Instant now, Duration idleTimeout) {
        long at = now.toEpochMilli();
        long keep = at + idleTimeout.toMillis() + KEEP_MARGIN.toMillis();
        return new SharedSession(at, keep, true, box.seal(new byte[0], associatedData(tokenHash, at, keep, true)));
    }

    /** Valid at {@code now}: not revoked and not expired. Says nothing about authenticity ({@link #username}). */
    boolean isLiveAt(Instant now) {
        return !revoked && expiresAt > now.toEpochMilli();
    }

    /** The username, if this entry was sealed with the cluster key for this token hash and not changed since. */
    Optional<String> username(SealedValues box, String tokenHash) {
        return box.open(sealed, associatedData(tokenHash, expiresAt, keepUntil, revoked))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    /** The merge of two states of one session (either may be null); see the class comment. */
    static SharedSession join(SharedSession a, SharedSession b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.revoked != b.revoked) {
            return a.revoked ? a : b;
        }
        long byTime = a.revoked ? Long.compare(a.keepUntil, b.keepUntil) : Long.compare(a.expiresAt, b.expiresAt);
        if (byTime != 0) {
            return byTime > 0 ? a : b;
        }
        // Same time from two nodes: any fixed order will do, as long as every node picks the same one.
        return Arrays.compare(a.sealed, b.sealed) >= 0 ? a : b;
    }

    /** Whether both are the same state (records compare arrays by identity). */
    boolean sameAs(SharedSession other) {
        return other != null && expiresAt == other.expiresAt && keepUntil == other.keepUntil && revoked == other.revoked
                && Arrays.equals(sealed, other.sealed);
    }

    private static byte[] associatedData(String tokenHash, long expiresAt, long keepUntil, boolean revoked) {
        return ("clinicnode-session-v1|" + tokenHash + "|" + expiresAt + "|" + keepUntil + "|" + revoked)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SharedSession session && sameAs(session);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(expiresAt) * 31 + Arrays.hashCode(sealed);
    }

    @Override
    public String toString() {
        return "SharedSession[expiresAt=" + expiresAt + ", keepUntil=" + keepUntil + ", revoked=" + revoked + "]";
    }
}
