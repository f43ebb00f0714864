package io.clinicnode.sync.dashboard;

import io.helidon.webserver.http.ServerRequest;

/**
 * The staff member behind a request, put in its context by {@link StaffAuthenticator}.
 *
 * <p>Immutable, so thread-safe.
 */
record SignedIn(Staff staff, StaffSessions.Session session) {
    static SignedIn of(ServerRequest request) {
        return request.context().get(SignedIn.class)
                .orElseThrow(() -> new IllegalStateException("No signed-in staff on " + request.path().path()));
    }
}
