package io.clinicnode.appliance.practitioner;

import java.util.Optional;
import java.util.UUID;

import io.clinicnode.appliance.hotread.HotReads;
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
 * {@code /api/practitioners}: everyone reads practitioners and their hours; admins register and change them. A change
 * answers with the booked appointments its hours leave outside ({@code outsideHours}). Thread-safe.
 */
public final class PractitionerService implements HttpService {
    private final ChangeWriter writes;
    private final PractitionerQueries queries;
    private final JsonBodies bodies;
    private final HotReads hot;
    private final BookedOutsideHours outside;

    public PractitionerService(ChangeWriter writes, PractitionerQueries queries, JsonBodies bodies, HotReads hot,
                               BookedOutsideHours outside) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
        this.hot = hot;
        this.outside = outside;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::register)
                .get("/{id}", this::get)
                .put("/{id}", this::update);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        boolean includeInactive = includeInactive(request);
        Responses.ok(response, hot.practitioners(includeInactive, () -> Responses.itemsBody(queries.list(includeInactive))));
    }

    private void register(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        PractitionerData practitioner = PractitionerData.parse(new FieldReader(bodies.object(request)));
        String id = UUID.randomUUID().toString();
        writes.write(new Change(PractitionerEvents.REGISTERED, id, admin.username(), practitioner.toJson()));
        Responses.created(response, "/api/practitioners/" + id, found(id));
    }

    private void get(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Responses.ok(response, found(Queries.id(request, "practitioner")));
    }

    private void update(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        String id = Queries.id(request, "practitioner");
        PractitionerData practitioner = PractitionerData.parse(new FieldReader(bodies.object(request)));
        writes.write(new Change(PractitionerEvents.UPDATED, id, admin.username(), practitioner.toJson()));
        // New hours do not cancel or move anyone: the answer lists who is left outside them, for the desk to call.
        Responses.ok(response, JSON.createObjectBuilder(found(id))
                .add("outsideHours", Responses.array(outside.find(id, practitioner))).build());
    }

    private static boolean includeInactive(ServerRequest request) {
        Optional<String> value = Queries.text(request, "includeInactive", 5);
        if (value.isEmpty() || value.get().equals("false")) {
            return false;
        }
        if (value.get().equals("true")) {
            return true;
        }
        throw Queries.invalid("includeInactive", "type.boolean", "must be true or false");
    }

    private JsonObject found(String id) {
        return queries.find(id).orElseThrow(() -> ApiProblem.notFound("No practitioner with id " + id + "."));
    }
}
