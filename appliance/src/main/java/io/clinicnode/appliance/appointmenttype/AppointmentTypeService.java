package io.clinicnode.appliance.appointmenttype;

import java.util.Optional;
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

/**
 * {@code /api/appointment-types}: everyone reads the types the desk chooses from when booking; admins create and change
 * them (a type is deactivated, never deleted). Thread-safe.
 */
public final class AppointmentTypeService implements HttpService {
    private final ChangeWriter writes;
    private final AppointmentTypeQueries queries;
    private final JsonBodies bodies;

    public AppointmentTypeService(ChangeWriter writes, AppointmentTypeQueries queries, JsonBodies bodies) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .post("/", this::create)
                .get("/{id}", this::get)
                .put("/{id}", this::update);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Optional<String> includeInactive = Queries.text(request, "includeInactive", 5);
        if (includeInactive.isPresent() && !includeInactive.get().equals("true") && !includeInactive.get().equals("false")) {
            throw Queries.invalid("includeInactive", "type.boolean", "must be true or false");
        }
        Responses.items(response, queries.list(includeInactive.map(Boolean::parseBoolean).orElse(false)));
    }

    private void create(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        AppointmentTypeData type = AppointmentTypeData.parse(new FieldReader(bodies.object(request)));
        String id = UUID.randomUUID().toString();
        writes.write(new Change(AppointmentTypeEvents.CREATED, id, admin.username(), type.toJson()));
        Responses.created(response, "/api/appointment-types/" + id, found(id));
    }

    private void get(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Responses.ok(response, found(Queries.id(request, "appointment type")));
    }

    private void update(ServerRequest request, ServerResponse response) {
        CurrentUser admin = CurrentUser.require(request, Role.ADMIN);
        String id = Queries.id(request, "appointment type");
        AppointmentTypeData type = AppointmentTypeData.parse(new FieldReader(bodies.object(request)));
        writes.write(new Change(AppointmentTypeEvents.UPDATED, id, admin.username(), type.toJson()));
        Responses.ok(response, found(id));
    }

    private JsonObject found(String id) {
        return queries.find(id).orElseThrow(() -> ApiProblem.notFound("No appointment type with id " + id + "."));
    }
}
