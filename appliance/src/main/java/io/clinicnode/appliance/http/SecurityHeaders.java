package io.clinicnode.appliance.http;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
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
    static final String CONTENT_SECURITY_POLICY = policy("");

    private final Supplier<Set<String>> memberOrigins;

    /**
     * @param memberOrigins the HTTP origins of the clinic's cluster members: the web app may call their API when its
     *                      own node stops answering (G6), so they are the only other hosts it may connect to
     */
    public SecurityHeaders(Supplier<Set<String>> memberOrigins) {
        this.memberOrigins = memberOrigins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        apply(response);
        Set<String> members = memberOrigins.get();
        if (!members.isEmpty()) {
            response.header("Content-Security-Policy", policy(" " + String.join(" ", new TreeSet<>(members))));
        }
        chain.proceed();
    }

    private static String policy(String otherNodes) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:"
                + otherNodes + "; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";
    }

    /** Sets the headers on {@code response}; error handlers call it too, as Helidon resets headers on errors. */
    public static void apply(ServerResponse response) {
        apply(response.headers());
    }

    /** Sets the headers on a response the web server answers itself, before routing (see {@link TransportProblems}). */
    public static void apply(ServerResponseHeaders headers) {
        headers.set(HeaderValues.create("Content-Security-Policy", CONTENT_SECURITY_POLICY));
        headers.set(HeaderValues.create("X-Content-Type-Options", "nosniff"));
        headers.set(HeaderValues.create("X-Frame-Options", "DENY"));
        headers.set(HeaderValues.create("Referrer-Policy", "no-referrer"));
        headers.set(HeaderValues.create("Cross-Origin-Opener-Policy", "same-origin"));
    }
}
