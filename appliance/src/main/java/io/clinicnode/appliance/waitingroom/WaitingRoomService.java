package io.clinicnode.appliance.waitingroom;

import java.time.Clock;
import java.time.LocalDate;

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

/** {@code /api/waiting-room}: the board of a day's checked-in patients, and moving each visit forward. Thread-safe. */
public final class WaitingRoomService implements HttpService {
    private final ChangeWriter writes;
    private final WaitingRoomQueries queries;
    private final JsonBodies bodies;
    private final Clock clinicClock;

    /** @param clinicClock a clock in the clinic's time zone, which decides what "today" is */
    public WaitingRoomService(ChangeWriter writes, WaitingRoomQueries queries, JsonBodies bodies, Clock clinicClock) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
        this.clinicClock = clinicClock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::board)
                .get("/{id}", this::get)
                .patch("/{id}", this::change)
                .post("/{id}/undo", this::undo);
    }

    private void board(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        LocalDate day = Queries.date(request, "date").orElseGet(() -> LocalDate.now(clinicClock));
        Responses.ok(response, JSON.createObjectBuilder().add("date", day.toString())
                .add("items", Responses.array(queries.board(day, Queries.idParameter(request, "practitionerId")))).build());
    }

    private void get(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Responses.ok(response, found(Queries.id(request, "waiting-room entry")));
    }

    private void change(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "waiting-room entry");
        FieldReader fields = new FieldReader(bodies.object(request));
        WaitingStatus status = fields.requiredEnum("status", WaitingStatus.class);
        String room = fields.optionalText("room", 60);
        if (room != null && status != WaitingStatus.CALLED) {
            fields.error("room", "room.only-when-called", "is sent only with status CALLED: the room the patient is called to");
        }
        fields.throwIfInvalid();
        // No local look-up first: the entry may have been made through another node a moment ago and not be here yet;
        // the leader, which ordered its creation, refuses an unknown id (404) itself.
        writes.write(new Change(WaitingRoomEvents.STATUS_CHANGED, id, user.username(),
                WaitingRoomEvents.statusChangedPayload(status, room == null || room.isBlank() ? null : room.strip())));
        Responses.ok(response, found(id));
    }

    /** {@code POST /api/waiting-room/{id}/undo}: undoes a check-in (walk-ins too) the same day, before the patient is called. */
    private void undo(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String id = Queries.id(request, "waiting-room entry");
        CheckInUndo.undo(writes, found(id), user, clinicClock);
        Responses.ok(response, found(id));
    }

    private JsonObject found(String id) {
        return queries.find(id).orElseThrow(() -> ApiProblem.notFound("No waiting-room entry with id " + id + "."));
    }
}
