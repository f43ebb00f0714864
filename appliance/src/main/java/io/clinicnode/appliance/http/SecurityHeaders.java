package io.clinicnode.appliance.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerResponse;

/**
 * Puts the browser-hardening headers on every response: a strict Content-Security-Policy (no inline or
 * remote script, the UI is served by the node), no MIME sniffing, no framing, no referrer leaks.
 */
public final class SecurityHeaders implements Filter {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        apply(response);
        chain.proceed();
    }

    /** Sets the headers on {@code response}; error handlers call it too, as Helidon resets headers on errors. */
    public static void apply(ServerResponse response) {
        response.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.header("X-Content-Type-Options", "nosniff");
        response.header("X-Frame-Options", "DENY");
        response.header("Referrer-Policy", "no-referrer");
        response.header("Cross-Origin-Opener-Policy", "same-origin");
    }
}
