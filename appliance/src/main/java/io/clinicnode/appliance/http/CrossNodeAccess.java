package io.clinicnode.appliance.http;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Lets the web app loaded from one node of the clinic call the API of the others (G6: when its node dies, the desk
 * carries on with another without reloading). Cross-origin requests are allowed only from the HTTP origins of the
 * current cluster members (from the JGroups view), never from anywhere else; the session token travels in the
 * {@code Authorization} header (no cookies), so no credentials mode is involved.
 *
 * <p>Thread-safe.
 */
public final class CrossNodeAccess implements Filter {
    private static final String ALLOWED = CrossNodeAccess.class.getName() + ".origin";

    private final Supplier<Set<String>> memberOrigins;

    /** @param memberOrigins the origins ({@code http://host:port}) of the cluster's members, this node's included */
    public CrossNodeAccess(Supplier<Set<String>> memberOrigins) {
        this.memberOrigins = memberOrigins;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        Optional<String> origin = request.headers().first(HeaderNames.ORIGIN).filter(value -> memberOrigins.get().contains(value));
        if (origin.isEmpty()) {
            chain.proceed();
            return;
        }
        request.context().register(ALLOWED, origin.get());
        allow(response, origin.get());
        if (request.prologue().method() == Method.OPTIONS && request.headers().contains(HeaderNames.ACCESS_CONTROL_REQUEST_METHOD)) {
            response.header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
            response.header("Access-Control-Allow-Headers", "Authorization, Content-Type, Accept");
            response.header("Access-Control-Max-Age", "600");
            response.status(Status.NO_CONTENT_204).send();
            return;
        }
        chain.proceed();
    }

    /** Puts the allowance back on an error answer (Helidon clears the headers before error handlers run). */
    static void restore(ServerRequest request, ServerResponse response) {
        request.context().get(ALLOWED, String.class).ifPresent(origin -> allow(response, origin));
    }

    private static void allow(ServerResponse response, String origin) {
        response.header("Access-Control-Allow-Origin", origin);
        response.header("Access-Control-Expose-Headers", "Retry-After, Location, " + Drain.HEADER);
        response.header("Vary", "Origin");
    }
}
