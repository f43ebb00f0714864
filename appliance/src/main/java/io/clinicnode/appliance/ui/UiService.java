package io.clinicnode.appliance.ui;

import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ProblemHandlers;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * Serves the front-desk web app from a {@link UiBundle}: the page at {@code /} (revalidated on every load,
 * so a new node version is picked up at once) and its assets at {@code /assets/VERSION/…} (cached for a
 * year and never revalidated, as their address changes with their content). Gzip is sent to browsers that
 * accept it.
 *
 * <p>Thread-safe.
 */
public final class UiService implements HttpService {
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    private final UiBundle bundle;
    private final String prefix;
    private final String etag;

    public UiService(UiBundle bundle) {
        this.bundle = bundle;
        this.prefix = "/assets/" + bundle.version() + "/";
        this.etag = "\"" + bundle.version() + "\"";
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .get("/index.html", this::page)
                // The waiting-room call panel: the same app, which mounts the panel (no login) at this address.
                .get("/panel", this::page)
                .get("/assets/*", this::asset);
    }

    private void page(ServerRequest request, ServerResponse response) {
        response.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, REVALIDATE));
        response.header(HeaderValues.create(HeaderNames.ETAG, etag));
        if (request.headers().first(HeaderNames.IF_NONE_MATCH).filter(etag::equals).isPresent()) {
            response.status(Status.NOT_MODIFIED_304).send();
            return;
        }
        send(request, response, bundle.index());
    }

    private void asset(ServerRequest request, ServerResponse response) {
        String path = request.path().path();
        Optional<UiBundle.Asset> asset = path.startsWith(prefix)
                ? bundle.asset(path.substring(prefix.length()))
                : Optional.empty();
        if (asset.isEmpty()) {
            // An address of another node version, or none at all: never cache the miss.
            response.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-store"));
            ProblemHandlers.send(response, 404, "Not found",
                    "This file is not part of this node's version of the app. Reload the page.", List.of());
            return;
        }
        response.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, IMMUTABLE));
        send(request, response, asset.get());
    }

    private static void send(ServerRequest request, ServerResponse response, UiBundle.Asset asset) {
        response.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, asset.contentType()));
        response.header(HeaderValues.create(HeaderNames.VARY, "Accept-Encoding"));
        if (asset.gzipped() != null && acceptsGzip(request)) {
            response.header(HeaderValues.create(HeaderNames.CONTENT_ENCODING, "gzip"));
            response.send(asset.gzipped());
        } else {
            response.send(asset.bytes());
        }
    }

    static boolean acceptsGzip(ServerRequest request) {
        return request.headers().first(HeaderNames.ACCEPT_ENCODING)
                .map(UiService::acceptsGzip)
                .orElse(false);
    }

    /** Whether an Accept-Encoding value allows gzip (listed without {@code q=0}). */
    static boolean acceptsGzip(String acceptEncoding) {
        for (String part : acceptEncoding.split(",")) {
            String[] pieces = part.strip().split(";");
            if (pieces[0].strip().equalsIgnoreCase("gzip")) {
                for (int i = 1; i < pieces.length; i++) {
                    String parameter = pieces[i].strip().replace(" ", "");
                    if (parameter.equals("q=0") || parameter.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
