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
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Puts the browser-hardening headers on every response: a strict Content-Security-Policy (no inline or
 * remote script, the UI is served by the node; connections only to this node and the clinic's other members), no
 * MIME sniffing, no framing, no referrer leaks. On HTTPS answers, HSTS keeps the browser on HTTPS; API answers (patient
 * data, session tokens) are never stored by the browser or a proxy ({@code Cache-Control: no-store}).
 */
public final class SecurityHeaders implements Filter {
    /** How long a browser keeps to HTTPS for a node once it has seen it over HTTPS: one year. */
    static final String STRICT_TRANSPORT_SECURITY = "max-age=31536000";
    static final String CONTENT_SECURITY_POLICY = policy("");

    private final Supplier<Set<String>> memberOrigins;

    /**
     * @param memberOrigins the HTTP(S) origins of the clinic's cluster members: the web app may call their API and open
     *                      their live board when its own node stops answering (G6), so they are the only other hosts it
     *                      may connect to
     */
    public SecurityHeaders(Supplier<Set<String>> memberOrigins) {
        this.memberOrigins = memberOrigins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        apply(response);
        transport(request, response);
        Set<String> members = memberOrigins.get();
        if (!members.isEmpty()) {
            response.header("Content-Security-Policy", policy(connectSources(members)));
        }
        chain.proceed();
    }

    /** Each member's origin and its WebSocket origin ({@code https://h:p} → {@code wss://h:p}), sorted. */
    private static String connectSources(Set<String> members) {
        Set<String> sources = new TreeSet<>();
        for (String origin : members) {
            sources.add(origin);
            if (origin.startsWith("http")) {
                sources.add("ws" + origin.substring("http".length()));
            }
        }
        return " " + String.join(" ", sources);
    }

    private static String policy(String otherNodes) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'"
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

    /** The headers that depend on the request: HSTS over HTTPS, no caching of API answers; error handlers call it too. */
    static void transport(ServerRequest request, ServerResponse response) {
        if (request.isSecure()) {
            response.header("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
        }
        // Absolute: an error handler sees the path relative to the service that failed.
        String path = request.path().absolute().path();
        if (path.equals("/api") || path.startsWith("/api/")) {
            response.header("Cache-Control", "no-store");
        }
    }
}
