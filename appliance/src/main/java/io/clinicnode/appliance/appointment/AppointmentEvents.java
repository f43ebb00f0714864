package io.clinicnode.appliance.appointment;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.patient.PatientQueries;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerQueries;
import io.clinicnode.appliance.practitioner.WorkingHours;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

/**
 * Appointment event types and how the projection applies them. The double-booking and working-hours checks
 * live here, not in the HTTP layer: the write path applies changes one at a time in one order, so two desks
 * asking for the same slot at once get one booking and one refusal (guarantee G3). Every event writes an
 * audit entry about the appointment's patient in the same transaction (guarantee G10).
 *
 * <p>Stateless, so thread-safe.
 */
public final class AppointmentEvents {
    public static final String BOOKED = "appointment.booked";
    public static final String MOVED = "appointment.moved";
    public static final String CANCELLED = "appointment.cancelled";
    public static final String NO_SHOW = "appointment.no-show";
    static final String ENTITY = "appointment";
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    private AppointmentEvents() {
    }

    public static void register(Projection projection) {
        projection.register(BOOKED, AppointmentEvents::booked)
                .register(MOVED, AppointmentEvents::moved)
                .register(CANCELLED, (event, payload, db) -> close(event, db, AppointmentStatus.CANCELLED, "CANCEL", "cancelled"))
                .register(NO_SHOW, (event, payload, db) -> close(event, db, AppointmentStatus.NO_SHOW, "NO_SHOW", "marked a no-show"));
    }

    /** Payload of {@code appointment.booked}. */
    public static JsonObject bookedPayload(String patientId, String practitionerId, LocalDateTime start, int durationMinutes,
                                           String notes) {
        JsonObjectBuilder payload = JSON.createObjectBuilder()
                .add("patientId", patientId)
                .add("practitionerId", practitionerId)
                .add("start", start.toString())
                .add("durationMinutes", durationMinutes);
        if (notes != null) {
            payload.add("notes", notes);
        }
        return payload.build();
    }

    /** Payload of {@code appointment.moved}; a null {@code start} or {@code durationMinutes} keeps the current one. */
    public static JsonObject movedPayload(LocalDateTime start, Integer durationMinutes) {
        JsonObjectBuilder payload = JSON.createObjectBuilder();
        if (start != null) {
            payload.add("start", start.toString());
        }
        if (durationMinutes != null) {
            payload.add("durationMinutes", durationMinutes);
        }
        return payload.build();
    }

    private static void booked(Event event, JsonObject payload, DbExecute db) {
        String patientId = payload.getString("patientId");
        String practitionerId = payload.getString("practitionerId");
        LocalDateTime start = LocalDateTime.parse(payload.getString("start"));
        LocalDateTime end = start.plusMinutes(payload.getInt("durationMinutes"));
        if (db.get("SELECT id FROM appointment WHERE id = ?", event.key()).isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the first one stands.
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, null, "An appointment with id " + event.key() + " already exists.");
        }
        PatientQueries.name(db, patientId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "patientId", "No patient with id " + patientId + "."));
        PractitionerData practitioner = PractitionerQueries.data(db, practitionerId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "practitionerId", "No practitioner with id " + practitionerId + "."));
        refuseUnavailable(db, practitioner, practitionerId, event.key(), start, end);
        db.dml("INSERT INTO appointment (id, patient_id, practitioner_id, start_at, end_at, status, notes, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), patientId, practitionerId, start, end, AppointmentStatus.BOOKED.name(),
                payload.getString("notes", null), Rows.utc(event.at()), Rows.utc(event.at()));
        AuditTrail.record(db, event, "BOOK", ENTITY, patientId,
                "appointment " + event.key() + " with " + practitioner.fullName() + " on " + span(start, end));
    }

    private static void moved(Event event, JsonObject payload, DbExecute db) {
        Appointment appointment = bookedAppointment(db, event.key(), "moved");
        LocalDateTime start = payload.containsKey("start") ? LocalDateTime.parse(payload.getString("start")) : appointment.start();
        LocalDateTime end = start.plusMinutes(payload.getInt("durationMinutes", appointment.durationMinutes()));
        PractitionerData practitioner = PractitionerQueries.data(db, appointment.practitionerId()).orElseThrow();
        refuseUnavailable(db, practitioner, appointment.practitionerId(), appointment.id(), start, end);
        db.dml("UPDATE appointment SET start_at = ?, end_at = ?, updated_at = ? WHERE id = ?",
                start, end, Rows.utc(event.at()), appointment.id());
        AuditTrail.record(db, event, "MOVE", ENTITY, appointment.patientId(), "appointment " + appointment.id() + " with "
                + practitioner.fullName() + " moved from " + span(appointment.start(), appointment.end()) + " to " + span(start, end));
    }

    private static void close(Event event, DbExecute db, AppointmentStatus status, String action, String done) {
        Appointment appointment = bookedAppointment(db, event.key(), done);
        changeStatus(db, appointment.id(), status, event.at());
        AuditTrail.record(db, event, action, ENTITY, appointment.patientId(),
                "appointment " + appointment.id() + " on " + span(appointment.start(), appointment.end()) + " " + done);
    }

    /**
     * Sets the status of appointment {@code id}; for the handlers of other packages (check-in, waiting room),
     * which check the appointment's current status themselves.
     */
    public static void changeStatus(DbExecute db, String id, AppointmentStatus status, Instant at) {
        db.dml("UPDATE appointment SET status = ?, updated_at = ? WHERE id = ?", status.name(), Rows.utc(at), id);
    }

    /** The appointment, which must exist and be booked for it to be {@code changed} ("moved", "cancelled"…). */
    private static Appointment bookedAppointment(DbExecute db, String id, String changed) {
        Appointment appointment = AppointmentQueries.load(db, id).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No appointment with id " + id + "."));
        if (appointment.status() != AppointmentStatus.BOOKED) {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This appointment is "
                    + appointment.status().words() + "; only a booked appointment can be " + changed + ".");
        }
        return appointment;
    }

    /**
     * Refuses {@code [start, end)} when the practitioner no longer takes appointments, when it is outside their
     * hours, or when it overlaps another of their appointments that is not cancelled.
     */
    private static void refuseUnavailable(DbExecute db, PractitionerData practitioner, String practitionerId, String appointmentId,
                                          LocalDateTime start, LocalDateTime end) {
        if (!practitioner.active()) {
            throw new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "practitionerId",
                    practitioner.fullName() + " no longer takes appointments.");
        }
        if (!practitioner.works(start, end)) {
            throw new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "start", outsideHours(practitioner, start, end));
        }
        // An overlapping appointment starts before this one ends and, being at most MAX_MINUTES long, after
        // start - MAX_MINUTES: both bounds keep the check an index range of a few rows however long the agenda.
        db.get("SELECT start_at, end_at FROM appointment WHERE practitioner_id = ? AND start_at < ? AND start_at > ?"
                                + " AND end_at > ? AND status <> ? AND id <> ? ORDER BY start_at LIMIT 1",
                        practitionerId, end, start.minusMinutes(AppointmentService.MAX_MINUTES), start,
                        AppointmentStatus.CANCELLED.name(), appointmentId)
                .ifPresent(taken -> {
                    throw new RejectedChange(RejectedChange.Reason.CONFLICT, "start", practitioner.fullName()
                            + " already has an appointment from " + HOUR_MINUTE.format(Rows.dateTime(taken, "start_at"))
                            + " to " + HOUR_MINUTE.format(Rows.dateTime(taken, "end_at")) + ".");
                });
    }

    private static String outsideHours(PractitionerData practitioner, LocalDateTime start, LocalDateTime end) {
        String day = start.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
        List<WorkingHours> hours = practitioner.hoursOn(start.getDayOfWeek());
        if (hours.isEmpty()) {
            return practitioner.fullName() + " does not work on " + day + "s.";
        }
        String intervals = hours.stream().map(WorkingHours::label).collect(Collectors.joining(", "));
        return practitioner.fullName() + " works " + intervals + " on " + day + "s; " + HOUR_MINUTE.format(start) + " to "
                + HOUR_MINUTE.format(end) + (start.toLocalDate().equals(end.toLocalDate()) ? "" : " the next day")
                + " does not fit within one of these.";
    }

    /** "2026-12-01 09:00-09:30". */
    static String span(LocalDateTime start, LocalDateTime end) {
        return start.toLocalDate() + " " + HOUR_MINUTE.format(start) + "-" + HOUR_MINUTE.format(end);
    }
}
