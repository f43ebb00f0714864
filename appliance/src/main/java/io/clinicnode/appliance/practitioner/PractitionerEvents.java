package io.clinicnode.appliance.practitioner;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

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

    private static void registered(Event event, JsonObject payload, DbExecute db) {
        PractitionerData practitioner = PractitionerData.fromJson(payload).activeOr(true);
        if (db.get("SELECT id FROM practitioner WHERE id = ?", event.key()).isPresent()) {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, null, "A practitioner with id " + event.key() + " already exists.");
        }
        db.dml("INSERT INTO practitioner (id, full_name, specialty, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                event.key(), practitioner.fullName(), practitioner.specialty(), practitioner.active(),
                Rows.utc(event.at()), Rows.utc(event.at()));
        insertHours(db, event.key(), practitioner);
    }

    private static void updated(Event event, JsonObject payload, DbExecute db) {
        PractitionerData before = PractitionerQueries.data(db, event.key())
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No practitioner with id " + event.key() + "."));
        PractitionerData practitioner = PractitionerData.fromJson(payload).activeOr(before.active());
        db.dml("UPDATE practitioner SET full_name = ?, specialty = ?, active = ?, updated_at = ? WHERE id = ?",
                practitioner.fullName(), practitioner.specialty(), practitioner.active(), Rows.utc(event.at()), event.key());
        db.dml("DELETE FROM practitioner_hours WHERE practitioner_id = ?", event.key());
        insertHours(db, event.key(), practitioner);
    }

    private static void insertHours(DbExecute db, String practitionerId, PractitionerData practitioner) {
        for (WorkingHours hours : practitioner.workingHours()) {
            db.dml("INSERT INTO practitioner_hours (practitioner_id, day_of_week, start_time, end_time) VALUES (?, ?, ?, ?)",
                    practitionerId, hours.dayOfWeek().name(), hours.start(), hours.end());
        }
    }
}
