package io.clinicnode.appliance.session;

import java.time.Instant;

/**
 * A logged-in user's session. The token is only ever held by the client; the node keeps its SHA-256.
 *
 * @param tokenHash hex SHA-256 of the bearer token
 * @param username  who is logged in
 * @param expiresAt when the session ends unless used again before (idle timeout)
 */
public record Session(String tokenHash, String username, Instant expiresAt) {
}
