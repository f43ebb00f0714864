package io.clinicnode.appliance.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Issues, checks, slides and revokes login sessions. A session ends after {@link #idleTimeout()} without use, and at
 * once on logout. The token is only ever held by the client; stores keep its SHA-256 ({@link #hash}). A node that runs
 * alone keeps its sessions in H2 ({@link LocalSessionStore}); clustered nodes share them
 * ({@link io.clinicnode.appliance.session.shared.SharedSessionStore}).
 *
 * <p>Implementations are thread-safe.
 */
public interface SessionStore {
    /** Opens a session and returns its bearer token together with the session. */
    Issued open(String username);

    /** The live session for {@code token}, its expiry slid forward; empty if unknown, expired or revoked. */
    Optional<Session> touch(String token);

    /** Whether the session with this token hash is still open, without sliding its expiry. */
    boolean isLive(String tokenHash);

    /** Ends the session with this token hash (logout). */
    void revoke(String tokenHash);

    /** Revokes every session of {@code username} (password change, deactivation). */
    void revokeAll(String username);

    Duration idleTimeout();

    /** A new bearer token: 256 random bits, URL-safe base64. */
    static String newToken(SecureRandom random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256 of a token: what stores keep and key sessions by, never the token itself. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** A new session and the token that the client presents for it. */
    record Issued(String token, Session session) {
    }
}
