package io.clinicnode.appliance.waitingroom;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.clinicnode.appliance.appointment.Appointment;
import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.appointment.AppointmentQueries;
import io.clinicnode.appliance.appointment.AppointmentStatus;
import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerQueries;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Check-in and waiting-room event types and how the projection applies them. A check-in puts the patient of a
 * booked appointment of the day in the waiting room and marks the appointment checked in; a walk-in visit has no
 * appointment. The desk flags legal priorities at check-in (age ones are computed). A check-in the patient has not been
 * called for yet can be undone the same day (the appointment is booked again). When the visit is done the appointment
 * is completed. Each event writes an audit entry about the patient.
 *
 * <p>Stateless, so thread-safe.
 */
public final class WaitingRoomEvents {
    public static final String CHECKED_IN = "checkin.recorded";
    public static final String WALK_IN = "checkin.walk-in";
    public static final String UNDONE = "checkin.undone";
    public static final String STATUS_CHANGED = "waiting.status-changed";
    static final String ENTITY = "checkin";
    private static final List<WaitingStatus> MAIN_STEPS = List.of(WaitingStatus.WAITING, WaitingStatus.CALLED,
            WaitingStatus.IN_CONSULTATION, WaitingStatus.DONE);

    private WaitingRoomEvents() {
    }

    public static void register(Projection projection) {
        projection.register(CHECKED_IN, WaitingRoomEvents::checkedIn)
                .register(WALK_IN, WaitingRoomEvents::walkIn)
                .register(UNDONE, WaitingRoomEvents::undone)
                .register(STATUS_CHANGED, WaitingRoomEvents::statusChanged);
    }

    /** Payload of {@code checkin.recorded}; the event's key is the new waiting-room entry's id. */
    public static JsonObject checkedInPayload(String appointmentId) {
        return JSON.createObjectBuilder().add("appointmentId", appointmentId).build();
    }

    /**
     * Payload of {@code checkin.recorded} with the clinic's day the desk checked in on (only an appointment of that day
     * can be) and the priorities it flagged.
     */
    public static JsonObject checkedInPayload(String appointmentId, LocalDate day, Collection<Priority> priorities) {
        return JSON.createObjectBuilder(checkedInPayload(appointmentId)).add("day", day.toString())
                .add("priorities", names(priorities)).build();
    }

    /** Payload of {@code checkin.walk-in}: a visit without an appointment, on the clinic's {@code day}. */
    public static JsonObject walkInPayload(String patientId, String practitionerId, LocalDate day, Collection<Priority> priorities) {
        return JSON.createObjectBuilder().add("patientId", patientId).add("practitionerId", practitionerId)
                .add("day", day.toString()).add("priorities", names(priorities)).build();
    }

    /** Payload of {@code waiting.status-changed}; the event's key is the waiting-room entry's id. */
    public static JsonObject statusChangedPayload(WaitingStatus status) {
        return JSON.createObjectBuilder().add("status", status.name()).build();
    }

    /** Payload of {@code waiting.status-changed} calling the patient to {@code room} (null: their practitioner's room). */
    public static JsonObject statusChangedPayload(WaitingStatus status, String room) {
        JsonObjectBuilder payload = JSON.createObjectBuilder().add("status", status.name());
        if (room != null) {
            payload.add("room", room);
        }
        return payload.build();
    }

    private static JsonArrayBuilder names(Collection<Priority> priorities) {
        JsonArrayBuilder names = JSON.createArrayBuilder();
        priorities.forEach(priority -> names.add(priority.name()));
        return names;
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
        if (payload.containsKey("day") && !appointment.start().toLocalDate().toString().equals(payload.getString("day"))) {
            context.breaks(new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "appointmentId", "This appointment is on "
                    + appointment.start().toLocalDate() + "; a patient is checked in on the appointment's day only ("
                    + payload.getString("day") + " today).", "checkin.not-today"));
        }
        List<Priority> priorities = priorities(db, payload, appointment.patientId(), appointment.start().toLocalDate());
        db.dml("INSERT INTO waiting_entry (id, appointment_id, patient_id, practitioner_id, visit_day, status, checked_in_at,"
                        + " created_version, priorities, priority_rank) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), appointment.id(), appointment.patientId(), appointment.practitionerId(),
                appointment.start().toLocalDate(), WaitingStatus.WAITING.name(), context.at(), context.creation(),
                Priority.column(priorities), Priority.rank(priorities));
        settleDuplicates(db, appointment.id());
        AppointmentEvents.changeStatus(context, appointment.id(), AppointmentStatus.CHECKED_IN);
        AuditTrail.record(context, "CHECK_IN", ENTITY, appointment.patientId(),
                () -> "checked in for appointment " + appointment.id() + " at " + appointment.start() + priorityWords(priorities));
    }

    /** A walk-in: the patient came without an appointment and waits for the practitioner. */
    private static void walkIn(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String patientId = payload.getString("patientId");
        String practitionerId = payload.getString("practitionerId");
        LocalDate day = LocalDate.parse(payload.getString("day"));
        if (db.get("SELECT id FROM patient WHERE id = ?", patientId).isEmpty()) {
            throw new RejectedChange(RejectedChange.Reason.NOT_FOUND, "patientId", "No patient with id " + patientId + ".",
                    "patient.unknown");
        }
        PractitionerData practitioner = PractitionerQueries.data(db, practitionerId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "practitionerId", "No practitioner with id " + practitionerId + ".",
                        "practitioner.unknown"));
        if (!practitioner.active()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "practitionerId",
                    practitioner.fullName() + " no longer sees patients.", "practitioner.inactive"));
        }
        if (db.get("SELECT id FROM waiting_entry WHERE id = ?", event.key()).isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the first stands.
            return;
        }
        List<Priority> priorities = priorities(db, payload, patientId, day);
        db.dml("INSERT INTO waiting_entry (id, appointment_id, patient_id, practitioner_id, visit_day, status, checked_in_at,"
                        + " created_version, walk_in, priorities, priority_rank) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)",
                event.key(), patientId, practitionerId, day, WaitingStatus.WAITING.name(), context.at(), context.creation(),
                Priority.column(priorities), Priority.rank(priorities));
        AuditTrail.record(context, "CHECK_IN", ENTITY, patientId,
                () -> "walk-in for " + practitioner.fullName() + " on " + day + priorityWords(priorities));
    }

    /** Undo of a check-in (a mistake): the entry leaves the board, its appointment is booked again. */
    private static void undone(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Entry entry = entry(db, event.key());
        if (entry.undone) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This check-in was undone already.",
                    "checkin.undone"));
        }
        if (entry.status != WaitingStatus.WAITING) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "The patient is " + entry.status.name()
                    + "; a check-in can be undone only while the patient waits and has not been called.", "checkin.already-called"));
        }
        db.dml("UPDATE waiting_entry SET undone = TRUE, duplicate_of = NULL WHERE id = ?", event.key());
        if (entry.appointmentId != null) {
            settleDuplicates(db, entry.appointmentId);
            boolean stillCheckedIn = db.get("SELECT id FROM waiting_entry WHERE appointment_id = ? AND NOT undone",
                    entry.appointmentId).isPresent();
            if (!stillCheckedIn) {
                AppointmentEvents.changeStatus(context, entry.appointmentId, AppointmentStatus.BOOKED);
            }
        }
        AuditTrail.record(context, "UNDO_CHECK_IN", ENTITY, entry.patientId,
                () -> entry.appointmentId == null ? "walk-in check-in undone" : "check-in for appointment " + entry.appointmentId + " undone");
    }

    /** The desk's flags from the payload plus the age priority the patient's birth date gives on {@code day}. */
    private static List<Priority> priorities(DbExecute db, JsonObject payload, String patientId, LocalDate day) {
        List<Priority> flagged = new ArrayList<>();
        if (payload.containsKey("priorities")) {
            for (JsonString name : payload.getJsonArray("priorities").getValuesAs(JsonString.class)) {
                flagged.add(Priority.valueOf(name.getString()));
            }
        }
        LocalDate birthDate = db.get("SELECT birth_date FROM patient WHERE id = ?", patientId)
                .map(row -> Rows.date(row, "birth_date")).orElse(null);
        return Priority.of(flagged, birthDate, day);
    }

    private static String priorityWords(List<Priority> priorities) {
        return priorities.isEmpty() ? "" : " (priority: " + Priority.column(priorities) + ")";
    }

    /**
     * One appointment checked in on both sides of a partition has two entries: the one checked in first (by
     * {@code (hlc, origin)}) is the visit, the other is kept off the board and points to it, whatever order they came in.
     * Undone check-ins take no part.
     */
    private static void settleDuplicates(DbExecute db, String appointmentId) {
        db.get("SELECT id FROM waiting_entry WHERE appointment_id = ? AND NOT undone ORDER BY created_version LIMIT 1", appointmentId)
                .map(row -> Rows.text(row, "id"))
                .ifPresent(first -> db.dml("UPDATE waiting_entry SET duplicate_of = CASE WHEN id = ? THEN NULL ELSE ? END"
                        + " WHERE appointment_id = ? AND NOT undone", first, first, appointmentId));
    }

    private static void statusChanged(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        WaitingStatus target = WaitingStatus.valueOf(payload.getString("status"));
        Entry entry = entry(db, event.key());
        if (entry.undone) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This check-in was undone.", "checkin.undone"));
        }
        if (!entry.status.canMoveTo(target)) {
            boolean backwards = MAIN_STEPS.contains(target) && MAIN_STEPS.contains(entry.status)
                    && target.compareTo(entry.status) <= 0;
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "The patient is "
                    + entry.status.name() + "; a visit cannot go from there to " + target.name() + ".",
                    backwards ? "visit.backwards" : "visit.transition"));
        }
        LocalDateTime at = context.at();
        // Statuses can go back (a mistaken call), so the latest event by (hlc, origin) sets the status; but a final one
        // (done, left) outranks any other whatever their order, so every node ends with the same visit.
        boolean wins = target.isFinal() != entry.status.isFinal() ? target.isFinal() : context.newerThan(entry.statusVersion);
        if (!wins) {
            context.conflict("SUPERSEDED", "This change of visit " + event.key() + " to " + target.name()
                    + " was made on another node at the same time as a later one, which is kept.");
        } else {
            LocalDateTime calledAt = switch (target) {
                case WAITING -> null;
                case CALLED -> at;
                case IN_CONSULTATION, DONE -> entry.calledAt == null ? at : entry.calledAt;
                case NO_ANSWER, LEFT -> entry.calledAt;
            };
            LocalDateTime startedAt = target == WaitingStatus.IN_CONSULTATION || target == WaitingStatus.DONE
                    ? (entry.startedAt == null ? at : entry.startedAt) : entry.startedAt;
            LocalDateTime doneAt = target == WaitingStatus.DONE ? at : entry.doneAt;
            db.dml("UPDATE waiting_entry SET status = ?, status_version = ?, called_at = ?, started_at = ?, done_at = ?,"
                            + " room = COALESCE(?, room) WHERE id = ?",
                    target.name(), context.version(), calledAt, startedAt, doneAt, payload.getString("room", null), event.key());
            if (target == WaitingStatus.DONE && entry.appointmentId != null) {
                AppointmentEvents.changeStatus(context, entry.appointmentId, AppointmentStatus.COMPLETED);
            }
        }
        String room = payload.getString("room", null);
        AuditTrail.record(context, target.name(), ENTITY, entry.patientId, () -> (entry.appointmentId == null ? "walk-in"
                : "appointment " + entry.appointmentId) + (room == null ? "" : ", room " + room));
    }

    private static Entry entry(DbExecute db, String id) {
        return db.get("SELECT * FROM waiting_entry WHERE id = ?", id)
                .map(row -> new Entry(Rows.text(row, "appointment_id"), Rows.text(row, "patient_id"),
                        WaitingStatus.valueOf(Rows.text(row, "status")), Rows.text(row, "status_version"), Rows.bool(row, "undone"),
                        Rows.dateTime(row, "called_at"), Rows.dateTime(row, "started_at"), Rows.dateTime(row, "done_at")))
                .orElseThrow(() -> new RejectedChange(RejectedChange.Reason.NOT_FOUND, null,
                        "No waiting-room entry with id " + id + ".", "visit.unknown"));
    }

    private record Entry(String appointmentId, String patientId, WaitingStatus status, String statusVersion, boolean undone,
                         LocalDateTime calledAt, LocalDateTime startedAt, LocalDateTime doneAt) {
    }
}
