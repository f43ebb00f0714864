package io.clinicnode.appliance.practitioner;

import java.util.Optional;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

/** Practitioner event types and how the projection applies them. Stateless, so thread-safe. */
public final class PractitionerEvents {
    public static final String REGISTERED = "practitioner.registered";
    public static final String UPDATED = "practitioner.updated";

    private PractitionerEvents() {
    }

    public static void register(Projection projection) {
        projection.register(REGISTERED, PractitionerEvents::registered)
                .register(UPDATED, PractitionerEvents::updated);
    }

    private static void registered(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        PractitionerData practitioner = PractitionerData.fromJson(payload).activeOr(true);
        Optional<DbRow> existing = db.get("SELECT created_version, data_version, active_version FROM practitioner WHERE id = ?", event.key());
        if (existing.isPresent()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null, "A practitioner with id " + event.key() + " already exists.",
                    "id.duplicate"));
            registeredTwice(context, practitioner, existing.get());
            return;
        }
        db.dml("INSERT INTO practitioner (id, full_name, specialty, active, created_at, updated_at, created_version)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                event.key(), practitioner.fullName(), practitioner.specialty(), practitioner.active(),
                context.at(), context.at(), context.creation());
        insertHours(db, event.key(), practitioner);
    }

    /** A second creation of one practitioner id (a fact): the earlier by {@code (hlc, origin)} stands. */
    private static void registeredTwice(ApplyContext context, PractitionerData practitioner, DbRow existing) {
        DbExecute db = context.db();
        String id = context.event().key();
        String current = Rows.text(existing, "created_version");
        String loser = current;
        if (context.creation().compareTo(current) < 0) {
            db.dml("UPDATE practitioner SET created_version = ?, created_at = ? WHERE id = ?", context.creation(), context.at(), id);
            if (Rows.text(existing, "data_version") == null) {
                writeData(db, id, practitioner, null);
            }
            if (Rows.text(existing, "active_version") == null) {
                db.dml("UPDATE practitioner SET active = ? WHERE id = ?", practitioner.active(), id);
            }
        } else {
            loser = context.creation();
        }
        context.lostCreation("DUPLICATE_ID", id, loser, "Practitioner " + id
                + " was registered twice (a change sent again after its leader stopped); the earlier registration is kept.");
        touch(db, id, context);
    }

    /** Name, specialty and hours are one aspect, taking part in activity another: last writer wins for each. */
    private static void updated(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        DbRow row = db.get("SELECT data_version, active_version FROM practitioner WHERE id = ?", event.key())
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No practitioner with id " + event.key() + ".",
                        "practitioner.unknown"));
        PractitionerData practitioner = PractitionerData.fromJson(payload);
        boolean superseded = false;
        if (context.newerThan(Rows.text(row, "data_version"))) {
            writeData(db, event.key(), practitioner, context.version());
        } else {
            superseded = true;
        }
        if (practitioner.active() != null) {
            if (context.newerThan(Rows.text(row, "active_version"))) {
                db.dml("UPDATE practitioner SET active = ?, active_version = ? WHERE id = ?", practitioner.active(), context.version(), event.key());
            } else {
                superseded = true;
            }
        }
        if (superseded) {
            context.conflict("SUPERSEDED", "This change to practitioner " + event.key()
                    + " was made on another node at the same time as a later one, which is kept.");
        }
        touch(db, event.key(), context);
    }

    private static void writeData(DbExecute db, String id, PractitionerData practitioner, String version) {
        db.dml("UPDATE practitioner SET full_name = ?, specialty = ?, data_version = ? WHERE id = ?",
                practitioner.fullName(), practitioner.specialty(), version, id);
        db.dml("DELETE FROM practitioner_hours WHERE practitioner_id = ?", id);
        insertHours(db, id, practitioner);
    }

    /** updated_at is the time of the latest event about the practitioner, whatever order they came in. */
    private static void touch(DbExecute db, String id, ApplyContext context) {
        db.dml("UPDATE practitioner SET updated_at = GREATEST(updated_at, ?) WHERE id = ?", context.at(), id);
    }

    private static void insertHours(DbExecute db, String practitionerId, PractitionerData practitioner) {
        for (WorkingHours hours : practitioner.workingHours()) {
            db.dml("INSERT INTO practitioner_hours (practitioner_id, day_of_week, start_time, end_time) VALUES (?, ?, ?, ?)",
                    practitionerId, hours.dayOfWeek().name(), hours.start(), hours.end());
        }
    }
}
