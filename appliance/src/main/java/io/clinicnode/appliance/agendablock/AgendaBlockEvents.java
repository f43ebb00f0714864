package io.clinicnode.appliance.agendablock;

import java.time.LocalDateTime;
import java.util.Optional;

import io.clinicnode.appliance.journal.Event;
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
 * Agenda block event types (a practitioner's block, a clinic holiday) and how the projection applies them. A block
 * only refuses bookings made after it; appointments already inside it stay, and the answer that added it lists them
 * for the desk to move. A removed block is kept, flagged, so that a removal and its addition give the same row
 * whatever order a partition's merge brings them in.
 *
 * <p>Stateless, so thread-safe.
 */
public final class AgendaBlockEvents {
    public static final String ADDED = "agenda-block.added";
    public static final String REMOVED = "agenda-block.removed";

    private AgendaBlockEvents() {
    }

    public static void register(Projection projection) {
        projection.register(ADDED, AgendaBlockEvents::added)
                .register(REMOVED, AgendaBlockEvents::removed);
    }

    /** Payload of {@code agenda-block.added}; the event's key is the block's id. */
    static JsonObject addedPayload(AgendaBlock.Kind kind, String practitionerId, LocalDateTime start, LocalDateTime end, String reason) {
        JsonObjectBuilder payload = JSON.createObjectBuilder()
                .add("kind", kind.name())
                .add("start", start.toString())
                .add("end", end.toString());
        if (practitionerId != null) {
            payload.add("practitionerId", practitionerId);
        }
        if (reason != null) {
            payload.add("reason", reason);
        }
        return payload.build();
    }

    private static void added(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        AgendaBlock.Kind kind = AgendaBlock.Kind.valueOf(payload.getString("kind"));
        String practitionerId = payload.getString("practitionerId", null);
        LocalDateTime start = LocalDateTime.parse(payload.getString("start"));
        LocalDateTime end = LocalDateTime.parse(payload.getString("end"));
        if (db.get("SELECT id FROM agenda_block WHERE id = ?", event.key()).isPresent()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null, "An agenda block with id " + event.key()
                    + " already exists.", "id.duplicate"));
            return;
        }
        if (practitionerId != null && db.get("SELECT id FROM practitioner WHERE id = ?", practitionerId).isEmpty()) {
            throw new RejectedChange(RejectedChange.Reason.NOT_FOUND, "practitionerId", "No practitioner with id " + practitionerId + ".",
                    "practitioner.unknown");
        }
        if (kind == AgendaBlock.Kind.HOLIDAY) {
            Optional<DbRow> sameDay = db.get("SELECT reason FROM agenda_block WHERE kind = ? AND removed = FALSE AND start_at = ?",
                    AgendaBlock.Kind.HOLIDAY.name(), start);
            if (sameDay.isPresent()) {
                // Two holidays on one day from the two sides of a partition are harmless: both stay.
                context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "date", start.toLocalDate()
                        + " is already a holiday (" + Rows.text(sameDay.get(), "reason") + ").", "holiday.taken"));
            }
        }
        db.dml("INSERT INTO agenda_block (id, kind, practitioner_id, start_at, end_at, reason, created_by, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), kind.name(), practitionerId, start, end, payload.getString("reason", null), event.actor(), context.at());
    }

    private static void removed(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        if (db.get("SELECT id FROM agenda_block WHERE id = ?", event.key()).isEmpty()) {
            throw new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No agenda block with id " + event.key() + ".",
                    "block.unknown");
        }
        db.dml("UPDATE agenda_block SET removed = TRUE WHERE id = ?", event.key());
    }
}
