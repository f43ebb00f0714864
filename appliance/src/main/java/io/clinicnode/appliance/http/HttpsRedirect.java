package io.clinicnode.appliance.http;

import java.util.function.IntSupplier;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The plain-HTTP listener of a node that serves HTTPS: it answers every request with a permanent redirect (308, so a
 * POST stays a POST) to the same path and query on the HTTPS port, except the CA certificate download (a desk must get
 * it before it trusts HTTPS) and the health probes (load balancers and scripts that speak plain HTTP). Nothing else,
 * no patient data and no token, is ever answered in clear.
 *
 * <p>Thread-safe.
 */
public final class HttpsRedirect implements Filter {
    private final IntSupplier httpsPort;
    private final String caPath;

    /**
     * @param httpsPort the port HTTPS listens on (read per request: a free port is only known once the server started)
     * @param caPath    where the CA certificate is served (answered here too)
     */
    public HttpsRedirect(IntSupplier httpsPort, String caPath) {
        this.httpsPort = httpsPort;
        this.caPath = caPath;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        if (path.equals(caPath) || path.equals("/observe/health") || path.startsWith("/observe/health/")) {
            chain.proceed();
            return;
        }
        String host = request.requestedUri().host();
        String query = request.query().rawValue();
        String location = "https://" + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":"
                + httpsPort.getAsInt() + request.path().rawPath() + (query.isEmpty() ? "" : "?" + query);
        response.status(Status.PERMANENT_REDIRECT_308).header(HeaderNames.LOCATION, location).send();
    }
}
