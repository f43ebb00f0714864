package io.clinicnode.appliance.panel;

import java.util.UUID;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/display-tokens} (admins only): create a token for a waiting-room TV (the answer holds the token once, and
 * the panel's address {@code /panel#token=…}), list them, revoke one. A token grants the call panel and nothing else.
 * Thread-safe.
 */
public final class DisplayTokenService implements HttpService {
    private final ChangeWriter writes;
    private final DisplayTokens tokens;
    private final JsonBodies bodies;

    public DisplayTokenService(ChangeWriter writes, DisplayTokens tokens, JsonBodies bodies) {
        this.writes = writes;
        this.tokens = tokens;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .delete("/{id}", this::revoke);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.require(request, Role.ADMIN);
        Responses.items(response, tokens.list());
    }

    private void create(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.require(request, Role.ADMIN);
        FieldReader fields = new FieldReader(bodies.object(request));
        String name = fields.requiredText("name", 100);
        fields.throwIfInvalid();
        String id = UUID.randomUUID().toString();
        String token = DisplayTokens.newToken();
        writes.write(new Change(DisplayTokenEvents.CREATED, id, user.username(),
                DisplayTokenEvents.createdPayload(name.strip(), DisplayTokens.hash(token))));
        JsonObject created = found(id);
        Responses.created(response, "/api/display-tokens/" + id, JSON.createObjectBuilder(created)
                .add("token", token)
                .add("panelPath", "/panel#token=" + token)
                .build());
    }

    private void revoke(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.require(request, Role.ADMIN);
        String id = Queries.id(request, "display token");
        writes.write(new Change(DisplayTokenEvents.REVOKED, id, user.username(), JSON.createObjectBuilder().build()));
        Responses.noContent(response);
    }

    private JsonObject found(String id) {
        return tokens.find(id).orElseThrow(() -> ApiProblem.notFound("No display token with id " + id + "."));
    }
}
