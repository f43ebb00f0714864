package io.clinicnode.appliance.waitingroom;

import java.util.Locale;
import java.util.UUID;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code /api/checkins}: the patient of a booked appointment has arrived and waits. Thread-safe. */
public final class CheckInService implements HttpService {
    private final ChangeWriter writes;
    private final WaitingRoomQueries queries;
    private final JsonBodies bodies;

    public CheckInService(ChangeWriter writes, WaitingRoomQueries queries, JsonBodies bodies) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::checkIn);
    }

    private void checkIn(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        FieldReader fields = new FieldReader(bodies.object(request));
        String appointmentId = fields.requiredText("appointmentId", 36);
        fields.throwIfInvalid();
        String id = UUID.randomUUID().toString();
        writes.write(new Change(WaitingRoomEvents.CHECKED_IN, id, user.username(),
                WaitingRoomEvents.checkedInPayload(appointmentId.toLowerCase(Locale.ROOT))));
        Responses.created(response, "/api/waiting-room/" + id, queries.find(id)
                .orElseThrow(() -> ApiProblem.notFound("No waiting-room entry with id " + id + ".")));
    }
}
