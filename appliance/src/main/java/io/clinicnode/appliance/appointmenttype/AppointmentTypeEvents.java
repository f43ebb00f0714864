package io.clinicnode.appliance.appointmenttype;

import java.util.Optional;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

/**
 * Appointment type event types and how the projection applies them. A type is never deleted (appointments keep
 * theirs); it is deactivated. Last writer wins on the whole type, as for a practitioner's data.
 *
 * <p>Stateless, so thread-safe.
 */
public final class AppointmentTypeEvents {
    public static final String CREATED = "appointment-type.created";
    public static final String UPDATED = "appointment-type.updated";

    private AppointmentTypeEvents() {
    }

    public static void register(Projection projection) {
        projection.register(CREATED, AppointmentTypeEvents::created)
                .register(UPDATED, AppointmentTypeEvents::updated);
    }

    private static void created(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        AppointmentTypeData type = AppointmentTypeData.fromJson(payload);
        Optional<DbRow> existing = db.get("SELECT created_version FROM appointment_type WHERE id = ?", event.key());
        if (existing.isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the earlier creation stands.
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null,
                    "An appointment type with id " + event.key() + " already exists.", "id.duplicate"));
            String loser = context.creation().compareTo(Rows.text(existing.get(), "created_version")) < 0
                    ? Rows.text(existing.get(), "created_version") : context.creation();
            context.lostCreation("DUPLICATE_ID", event.key(), loser, "Appointment type " + event.key()
                    + " was created twice (a change sent again after its leader stopped); the first is kept.");
            return;
        }
        db.dml("INSERT INTO appointment_type (id, name, duration_minutes, color, active, created_at, updated_at, created_version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), type.name(), type.durationMinutes(), type.color(), type.active() == null || type.active(),
                context.at(), context.at(), context.creation());
    }

    private static void updated(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        DbRow row = db.get("SELECT data_version, active FROM appointment_type WHERE id = ?", event.key())
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null,
                        "No appointment type with id " + event.key() + ".", "appointment-type.unknown"));
        AppointmentTypeData type = AppointmentTypeData.fromJson(payload);
        if (context.newerThan(Rows.text(row, "data_version"))) {
            db.dml("UPDATE appointment_type SET name = ?, duration_minutes = ?, color = ?, active = ?, data_version = ? WHERE id = ?",
                    type.name(), type.durationMinutes(), type.color(), type.active() == null ? Rows.bool(row, "active") : type.active(),
                    context.version(), event.key());
        } else {
            context.conflict("SUPERSEDED", "This change to appointment type " + event.key()
                    + " was made on another node at the same time as a later one, which is kept.");
        }
        db.dml("UPDATE appointment_type SET updated_at = GREATEST(updated_at, ?) WHERE id = ?", context.at(), event.key());
    }
}
