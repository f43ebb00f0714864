package io.clinicnode.appliance.room;

import java.util.Optional;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.practitioner.PractitionerQueries;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The consultório each practitioner usually sees patients in ({@code room.practitioner-set}, keyed by the
 * practitioner): the call panel shows it unless the patient was called to another room. Last writer wins.
 *
 * <p>Stateless, so thread-safe.
 */
public final class RoomEvents {
    public static final String PRACTITIONER_SET = "room.practitioner-set";

    private RoomEvents() {
    }

    public static void register(Projection projection) {
        projection.register(PRACTITIONER_SET, RoomEvents::practitionerSet);
    }

    /** Payload of {@code room.practitioner-set}; a null room clears it. */
    public static JsonObject practitionerSetPayload(String room) {
        JsonObjectBuilder payload = JSON.createObjectBuilder();
        if (room != null) {
            payload.add("room", room);
        }
        return payload.build();
    }

    private static void practitionerSet(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String practitionerId = event.key();
        if (PractitionerQueries.data(db, practitionerId).isEmpty()) {
            throw new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No practitioner with id " + practitionerId + ".",
                    "practitioner.unknown");
        }
        Optional<DbRow> current = db.get("SELECT version FROM practitioner_room WHERE practitioner_id = ?", practitionerId);
        if (current.isPresent() && !context.newerThan(Rows.text(current.get(), "version"))) {
            context.conflict("SUPERSEDED", "This room of practitioner " + practitionerId
                    + " was set on another node at the same time as a later one, which is kept.");
            return;
        }
        String room = payload.getString("room", null);
        // Clearing keeps the row (with an empty room) so that its version still orders later changes.
        db.dml("MERGE INTO practitioner_room (practitioner_id, room, version, updated_at) KEY (practitioner_id) VALUES (?, ?, ?, ?)",
                practitionerId, room == null ? "" : room, context.version(), context.at());
    }
}
