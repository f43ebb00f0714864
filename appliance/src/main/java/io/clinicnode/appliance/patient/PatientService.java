package io.clinicnode.appliance.patient;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;


/** {@code /api/patients}: register, read, update and search patients. */
public final class PatientService implements HttpService {
    private final ChangeWriter writes;
    private final PatientQueries queries;
    private final JsonBodies bodies;
    private final String country;
    private final Clock clinicClock;

    public PatientService(ChangeWriter writes, PatientQueries queries, JsonBodies bodies, String country, Clock clinicClock) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
        this.country = country;
        this.clinicClock = clinicClock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::search)
                .post("/", this::register)
                .get("/{id}", this::get)
                .put("/{id}", this::update);
    }

    /**
     * A search shows what identifies each patient found (never the whole record) and is journaled and audited, with
     * its query and the patients shown, before the answer goes back: one journaled write per search (its cost on
     * type-ahead is in docs/ARCHITECTURE.md, "Audit").
     */
    private void search(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String query = Queries.text(request, "q", 200)
                .orElseThrow(() -> Queries.invalid("q", "required", "is required: part of a name, a birth date, a document or a phone number"));
        int limit = Queries.integer(request, "limit", 20, 1, 100);
        List<JsonObject> found = queries.search(query, limit);
        writes.write(new Change(PatientEvents.SEARCHED, UUID.randomUUID().toString(), user.username(),
                PatientEvents.searchedPayload(query, found.stream().map(item -> item.getString("id")).toList())));
        Responses.items(response, found);
    }

    private void register(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        PatientData patient = parse(request);
        String id = UUID.randomUUID().toString();
        writes.write(new Change(PatientEvents.REGISTERED, id, user.username(), patient.toJson()));
        Responses.created(response, "/api/patients/" + id, found(id));
    }

    private void get(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "patient");
        // The view is journaled (and audited) before the record is shown.
        writes.write(new Change(PatientEvents.VIEWED, id, user.username(), JSON.createObjectBuilder().build()));
        Responses.ok(response, found(id));
    }

    private void update(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "patient");
        PatientData patient = parse(request);
        writes.write(new Change(PatientEvents.UPDATED, id, user.username(), patient.toJson()));
        Responses.ok(response, found(id));
    }

    private PatientData parse(ServerRequest request) {
        return PatientData.parse(new FieldReader(bodies.object(request)), country, LocalDate.now(clinicClock));
    }

    private JsonObject found(String id) {
        return queries.find(id).orElseThrow(() -> ApiProblem.notFound("No patient with id " + id + "."));
    }
}
