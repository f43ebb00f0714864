package io.clinicnode.appliance.panel;

import java.util.List;

import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.Responses;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code GET /panel/calls}: the call panel's data, for a request carrying a display token
 * ({@code Authorization: Display <token>}); no session, and the token opens nothing else. The page itself is
 * {@code /panel} (the web app, which mounts the panel without a login). Thread-safe.
 */
public final class PanelService implements HttpService {
    static final String SCHEME = "Display ";

    private final DisplayTokens tokens;
    private final PanelCalls calls;

    public PanelService(DisplayTokens tokens, PanelCalls calls) {
        this.tokens = tokens;
        this.calls = calls;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/calls", this::calls);
    }

    private void calls(ServerRequest request, ServerResponse response) {
        String token = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, SCHEME, 0, SCHEME.length()))
                .map(value -> value.substring(SCHEME.length()))
                .orElse(null);
        response.header("Cache-Control", "no-store");
        if (!tokens.isValid(token)) {
            response.header("WWW-Authenticate", "Display");
            ProblemHandlers.send(response, 401, "Unauthorized",
                    "This display token is missing, wrong or revoked. Ask the clinic's admin for the panel's address.", List.of(),
                    "display-token.invalid");
            return;
        }
        Responses.ok(response, JSON.createObjectBuilder().add("items", Responses.array(calls.latest())).build());
    }
}
