package io.clinicnode.appliance.waitingroom;

import java.time.LocalDateTime;
import java.util.Arrays;

import io.clinicnode.appliance.appointment.Appointment;
import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.appointment.AppointmentQueries;
import io.clinicnode.appliance.appointment.AppointmentStatus;
import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Check-in and waiting-room event types and how the projection applies them. A check-in puts the patient of a
 * booked appointment in the waiting room and marks the appointment checked in; the visit then only moves
 * forward, and when it is done the appointment is completed. Each event writes an audit entry about the patient.
 *
 * <p>Stateless, so thread-safe.
 */
public final class WaitingRoomEvents {
    public static final String CHECKED_IN = "checkin.recorded";
    public static final String STATUS_CHANGED = "waiting.status-changed";
    static final String ENTITY = "checkin";

    private WaitingRoomEvents() {
    }

    public static void register(Projection projection) {
        projection.register(CHECKED_IN, WaitingRoomEvents::checkedIn)
                .register(STATUS_CHANGED, WaitingRoomEvents::statusChanged);
    }

    /** Payload of {@code checkin.recorded}; the event's key is the new waiting-room entry's id. */
    public static JsonObject checkedInPayload(String appointmentId) {
        return JSON.createObjectBuilder().add("appointmentId", appointmentId).build();
    }

    /** Payload of {@code waiting.status-changed}; the event's key is the waiting-room entry's id. */
    public static JsonObject statusChangedPayload(WaitingStatus status) {
        return JSON.createObjectBuilder().add("status", status.name()).build();
    }

    private static void checkedIn(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String appointmentId = payload.getString("appointmentId");
        Appointment appointment = AppointmentQueries.load(db, appointmentId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "appointmentId", "No appointment with id " + appointmentId + ".",
                        "appointment.unknown"));
        if (!appointment.status().isBooked()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "appointmentId", "This appointment is "
                    + appointment.status().words() + "; only a booked appointment can be checked in.", "appointment.not-booked"));
        }
        db.dml("INSERT INTO waiting_entry (id, appointment_id, patient_id, practitioner_id, visit_day, status, checked_in_at,"
                        + " created_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), appointment.id(), appointment.patientId(), appointment.practitionerId(),
                appointment.start().toLocalDate(), WaitingStatus.WAITING.name(), context.at(), context.creation());
        settleDuplicates(db, appointment.id());
        AppointmentEvents.changeStatus(context, appointment.id(), AppointmentStatus.CHECKED_IN);
        AuditTrail.record(context, "CHECK_IN", ENTITY, appointment.patientId(),
                () -> "checked in for appointment " + appointment.id() + " at " + appointment.start());
    }

    /**
     * One appointment checked in on both sides of a partition has two entries: the one checked in first (by
     * {@code (hlc, origin)}) is the visit, the other is kept off the board and points to it, whatever order they came in.
     */
    private static void settleDuplicates(DbExecute db, String appointmentId) {
        db.get("SELECT id FROM waiting_entry WHERE appointment_id = ? ORDER BY created_version LIMIT 1", appointmentId)
                .map(row -> Rows.text(row, "id"))
                .ifPresent(first -> db.dml("UPDATE waiting_entry SET duplicate_of = CASE WHEN id = ? THEN NULL ELSE ? END"
                        + " WHERE appointment_id = ?", first, first, appointmentId));
    }

    private static void statusChanged(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        WaitingStatus target = WaitingStatus.valueOf(payload.getString("status"));
        Entry entry = db.get("SELECT * FROM waiting_entry WHERE id = ?", event.key())
                .map(row -> new Entry(Rows.text(row, "appointment_id"), Rows.text(row, "patient_id"),
                        WaitingStatus.valueOf(Rows.text(row, "status")), Rows.dateTime(row, "called_at"),
                        Rows.dateTime(row, "started_at"), Rows.dateTime(row, "done_at")))
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null,
                        "No waiting-room entry with id " + event.key() + ".", "visit.unknown"));
        if (target.compareTo(entry.status) <= 0) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "The patient is already "
                    + entry.status.name() + "; a visit only moves forward (" + Arrays.toString(WaitingStatus.values()) + ").",
                    "visit.backwards"));
        }
        LocalDateTime at = context.at();
        // A visit only moves forward, so facts merge commutatively: the furthest status stands, and each step was
        // reached at the earliest time any event says it was. A skipped step is taken to happen with the one reached:
        // being in consultation means having been called.
        WaitingStatus status = target.compareTo(entry.status) > 0 ? target : entry.status;
        db.dml("UPDATE waiting_entry SET status = ?, called_at = ?, started_at = ?, done_at = ? WHERE id = ?",
                status.name(),
                reached(target, WaitingStatus.CALLED, entry.calledAt, at),
                reached(target, WaitingStatus.IN_CONSULTATION, entry.startedAt, at),
                reached(target, WaitingStatus.DONE, entry.doneAt, at),
                event.key());
        if (target == WaitingStatus.DONE) {
            AppointmentEvents.changeStatus(context, entry.appointmentId, AppointmentStatus.COMPLETED);
        }
        AuditTrail.record(context, target.name(), ENTITY, entry.patientId, () -> "appointment " + entry.appointmentId);
    }

    /** When {@code step} was reached: the earlier of the recorded time and now if {@code target} is at or past it. */
    private static LocalDateTime reached(WaitingStatus target, WaitingStatus step, LocalDateTime recorded, LocalDateTime now) {
        if (target.compareTo(step) < 0) {
            return recorded;
        }
        return recorded == null || now.isBefore(recorded) ? now : recorded;
    }

    private record Entry(String appointmentId, String patientId, WaitingStatus status, LocalDateTime calledAt,
                         LocalDateTime startedAt, LocalDateTime doneAt) {
    }
}
