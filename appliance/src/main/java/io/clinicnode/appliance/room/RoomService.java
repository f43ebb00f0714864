package io.clinicnode.appliance.room;

import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Queries;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/rooms}: each active practitioner's usual consultório ({@code GET}), set or cleared with
 * {@code PUT /api/rooms/{practitionerId} {"room":"Consultório 2"}} ({@code null} or blank clears it). A visit can be
 * called to another room ({@code PATCH /api/waiting-room/{id} {"status":"CALLED","room":…}}). Thread-safe.
 */
public final class RoomService implements HttpService {
    private final ChangeWriter writes;
    private final DbClient db;
    private final JsonBodies bodies;

    public RoomService(ChangeWriter writes, DbClient db, JsonBodies bodies) {
        this.writes = writes;
        this.db = db;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .put("/{id}", this::set);
    }

    private void list(ServerRequest request, ServerResponse response) {
        CurrentUser.of(request);
        Responses.items(response, rooms(null));
    }

    private void set(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        String practitionerId = Queries.id(request, "practitioner");
        FieldReader fields = new FieldReader(bodies.object(request));
        if (!fields.has("room")) {
            fields.error("room", "required", "is required (null clears it)");
        }
        String room = fields.optionalText("room", 60);
        fields.throwIfInvalid();
        writes.write(new Change(RoomEvents.PRACTITIONER_SET, practitionerId, user.username(),
                RoomEvents.practitionerSetPayload(room == null || room.isBlank() ? null : room.strip())));
        Responses.ok(response, rooms(practitionerId).stream().findFirst().orElseGet(() -> JSON.createObjectBuilder()
                .add("practitionerId", practitionerId).add("room", JsonFields.text(room)).build()));
    }

    private List<JsonObject> rooms(String practitionerId) {
        String sql = "SELECT r.id, r.full_name, pr.room FROM practitioner r LEFT JOIN practitioner_room pr ON pr.practitioner_id = r.id"
                + (practitionerId == null ? " WHERE r.active = TRUE ORDER BY r.full_name, r.id" : " WHERE r.id = ?");
        try (Stream<DbRow> rows = practitionerId == null ? db.execute().query(sql) : db.execute().query(sql, practitionerId)) {
            return rows.map(row -> {
                String room = Rows.text(row, "room");
                return JSON.createObjectBuilder()
                        .add("practitionerId", Rows.text(row, "id"))
                        .add("practitionerName", Rows.text(row, "full_name"))
                        .add("room", JsonFields.text(room == null || room.isEmpty() ? null : room))
                        .build();
            }).toList();
        }
    }
}
