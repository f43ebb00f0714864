package io.clinicnode.appliance.appointment;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import io.clinicnode.appliance.agendablock.AgendaBlock;
import io.clinicnode.appliance.agendablock.AgendaBlocks;
import io.clinicnode.appliance.appointmenttype.AppointmentTypeData;
import io.clinicnode.appliance.appointmenttype.AppointmentTypeQueries;
import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.patient.PatientQueries;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerQueries;
import io.clinicnode.appliance.practitioner.WorkingHours;
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
    /** The patient confirmed (by phone, message …): BOOKED → CONFIRMED, with the channel. */
    public static final String CONFIRMED = "appointment.confirmed";
    /** A confirmation taken back (a mistake, or the patient is unsure again): CONFIRMED → BOOKED. */
    public static final String UNCONFIRMED = "appointment.unconfirmed";
    /** The "confirmar amanhã" list was shown: audited, as it shows patients' names and phone numbers. */
    public static final String CONFIRMATIONS_VIEWED = "appointment.confirmations-viewed";
    /** Undo of a cancellation or a no-show: the appointment is booked again (issue 11). */
    public static final String REOPENED = "appointment.reopened";
    static final String ENTITY = "appointment";
    private static final DateTimeFormatter HOUR_MINUTE = DateTimeFormatter.ofPattern("HH:mm");

    private AppointmentEvents() {
    }

    public static void register(Projection projection) {
        projection.register(BOOKED, AppointmentEvents::booked)
                .register(MOVED, AppointmentEvents::moved)
                .register(CANCELLED, (event, payload, context) -> close(context, AppointmentStatus.CANCELLED, "CANCEL", "cancelled"))
                .register(NO_SHOW, AppointmentEvents::noShow)
                .register(REOPENED, AppointmentEvents::reopened);
        Confirmations.register(projection);
    }

    /** Payload of {@code appointment.booked}. */
    public static JsonObject bookedPayload(String patientId, String practitionerId, LocalDateTime start, int durationMinutes,
                                           String notes) {
        return bookedPayload(patientId, practitionerId, start, durationMinutes, notes, null);
    }

    /** Payload of {@code appointment.booked} with an appointment type ({@code typeId}, may be null). */
    public static JsonObject bookedPayload(String patientId, String practitionerId, LocalDateTime start, int durationMinutes,
                                           String notes, String typeId) {
        JsonObjectBuilder payload = JSON.createObjectBuilder()
                .add("patientId", patientId)
                .add("practitionerId", practitionerId)
                .add("start", start.toString())
                .add("durationMinutes", durationMinutes);
        if (notes != null) {
            payload.add("notes", notes);
        }
        if (typeId != null) {
            payload.add("typeId", typeId);
        }
        return payload.build();
    }

    /** Payload of {@code appointment.booked} for an encaixe: may overlap other appointments, on purpose. */
    public static JsonObject squeezeInPayload(JsonObject booked) {
        return JSON.createObjectBuilder(booked).add("squeezeIn", true).build();
    }

    /**
     * Payload of {@code appointment.no-show}: the clinic-local time the desk marked it and the grace after the start
     * that was configured then, so the leader checks "not before the start plus the grace" with what the desk saw.
     */
    public static JsonObject noShowPayload(LocalDateTime markedAt, int graceMinutes) {
        return JSON.createObjectBuilder().add("markedAt", markedAt.toString()).add("graceMinutes", graceMinutes).build();
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

    private static void booked(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        String patientId = payload.getString("patientId");
        String practitionerId = payload.getString("practitionerId");
        LocalDateTime start = LocalDateTime.parse(payload.getString("start"));
        LocalDateTime end = start.plusMinutes(payload.getInt("durationMinutes"));
        Optional<DbRow> existing = db.get("SELECT created_version, schedule_version, status_version FROM appointment WHERE id = ?", event.key());
        if (existing.isPresent()) {
            // Only a change sent again after its leader died can bring an id twice; the earlier booking stands.
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, null, "An appointment with id " + event.key() + " already exists.",
                    "id.duplicate"));
            bookedTwice(context, existing.get(), practitionerId, start, end);
            return;
        }
        PatientQueries.name(db, patientId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "patientId", "No patient with id " + patientId + ".",
                        "patient.unknown"));
        PractitionerData practitioner = PractitionerQueries.data(db, practitionerId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "practitionerId", "No practitioner with id " + practitionerId + ".",
                        "practitioner.unknown"));
        String typeId = payload.getString("typeId", null);
        refuseUnknownType(context, typeId);
        boolean squeezeIn = payload.getBoolean("squeezeIn", false);
        if (!squeezeIn) {
            refuseUnavailable(context, practitioner, practitionerId, event.key(), start, end);
        } else {
            refuseOutsideHours(context, practitioner, practitionerId, start, end);
        }
        db.dml("INSERT INTO appointment (id, patient_id, practitioner_id, start_at, end_at, status, notes, created_at, updated_at,"
                        + " created_version, type_id, squeeze_in, status_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.key(), patientId, practitionerId, start, end, AppointmentStatus.BOOKED.name(),
                payload.getString("notes", null), context.at(), context.at(), context.creation(), typeId, squeezeIn, context.at());
        DoubleBookings.settle(db, practitionerId, start, end);
        AuditTrail.record(context, "BOOK", ENTITY, patientId,
                () -> "appointment " + event.key() + " with " + practitioner.fullName() + " on " + span(start, end));
    }

    /** A second booking of one appointment id (a fact): the earlier by {@code (hlc, origin)} is the booking. */
    private static void bookedTwice(ApplyContext context, DbRow existing, String practitionerId, LocalDateTime start, LocalDateTime end) {
        DbExecute db = context.db();
        String id = context.event().key();
        String current = Rows.text(existing, "created_version");
        String loser = current;
        if (context.creation().compareTo(current) < 0) {
            Appointment before = AppointmentQueries.load(db, id).orElseThrow();
            db.dml("UPDATE appointment SET created_version = ?, created_at = ? WHERE id = ?", context.creation(), context.at(), id);
            if (Rows.text(existing, "schedule_version") == null) {
                db.dml("UPDATE appointment SET start_at = ?, end_at = ? WHERE id = ?", start, end, id);
                DoubleBookings.settle(db, practitionerId, before.start(), before.end());
                DoubleBookings.settle(db, practitionerId, start, end);
            }
        } else {
            loser = context.creation();
        }
        context.lostCreation("DUPLICATE_ID", id, loser, "Appointment " + id
                + " was booked twice (a change sent again after its leader stopped); the earlier booking is kept.");
        touch(db, id, context);
        AuditTrail.record(context, "BOOK", ENTITY, AppointmentQueries.load(db, id).orElseThrow().patientId(), () -> null);
    }

    private static void moved(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Appointment appointment = loadOrRefuse(db, event.key());
        refuseUnlessBooked(context, appointment, "moved");
        // The whole new schedule is stamped into the event, so that a move of the duration alone does not depend on a
        // start another node may have changed at the same time.
        String[] schedule = context.stamp("schedule", () -> {
            LocalDateTime start = payload.containsKey("start") ? LocalDateTime.parse(payload.getString("start")) : appointment.start();
            return start + "/" + start.plusMinutes(payload.getInt("durationMinutes", appointment.durationMinutes()));
        }).split("/");
        LocalDateTime start = LocalDateTime.parse(schedule[0]);
        LocalDateTime end = LocalDateTime.parse(schedule[1]);
        PractitionerData practitioner = PractitionerQueries.data(db, appointment.practitionerId()).orElseThrow();
        if (DoubleBookings.isSqueezeIn(db, appointment.id())) {
            refuseOutsideHours(context, practitioner, appointment.practitionerId(), start, end);
        } else {
            refuseUnavailable(context, practitioner, appointment.practitionerId(), appointment.id(), start, end);
        }
        String scheduleVersion = db.get("SELECT schedule_version FROM appointment WHERE id = ?", appointment.id())
                .map(row -> Rows.text(row, "schedule_version")).orElse(null);
        if (context.newerThan(scheduleVersion)) {
            db.dml("UPDATE appointment SET start_at = ?, end_at = ?, schedule_version = ? WHERE id = ?",
                    start, end, context.version(), appointment.id());
            DoubleBookings.settle(db, appointment.practitionerId(), appointment.start(), appointment.end());
            DoubleBookings.settle(db, appointment.practitionerId(), start, end);
        } else {
            context.conflict("SUPERSEDED", "This move of appointment " + appointment.id()
                    + " was made on another node at the same time as a later one, which is kept.");
        }
        touch(db, appointment.id(), context);
        AuditTrail.record(context, "MOVE", ENTITY, appointment.patientId(), () -> "appointment " + appointment.id() + " with "
                + practitioner.fullName() + " moved from " + span(appointment.start(), appointment.end()) + " to " + span(start, end));
    }

    private static void close(ApplyContext context, AppointmentStatus status, String action, String done) {
        Appointment appointment = loadOrRefuse(context.db(), context.event().key());
        refuseUnlessBooked(context, appointment, done);
        changeStatus(context, appointment.id(), status);
        AuditTrail.record(context, action, ENTITY, appointment.patientId(),
                () -> "appointment " + appointment.id() + " on " + span(appointment.start(), appointment.end()) + " " + done);
    }

    /**
     * Sets the status of appointment {@code id} unless a later event (by {@code (hlc, origin)}) set it already: the
     * status is one record aspect, last writer wins, so "moved" on one side and "cancelled" on the other both stand.
     * For the handlers of other packages (check-in, waiting room) too, which check the current status themselves.
     */
    public static void changeStatus(ApplyContext context, String id, AppointmentStatus status) {
        DbExecute db = context.db();
        Optional<DbRow> row = db.get("SELECT practitioner_id, start_at, end_at, status_version FROM appointment WHERE id = ?", id);
        if (row.isEmpty()) {
            return;
        }
        if (context.newerThan(Rows.text(row.get(), "status_version"))) {
            db.dml("UPDATE appointment SET status = ?, status_version = ?, status_changed_at = ? WHERE id = ?", status.name(),
                    context.version(), context.at(), id);
            DoubleBookings.settle(db, Rows.text(row.get(), "practitioner_id"), Rows.dateTime(row.get(), "start_at"),
                    Rows.dateTime(row.get(), "end_at"));
        } else {
            context.conflict("SUPERSEDED", "This change of appointment " + id + " to " + status.name()
                    + " was made on another node at the same time as a later status change, which is kept.");
        }
        touch(db, id, context);
    }

    /** updated_at is the time of the latest event about the appointment, whatever order they came in. */
    static void touch(DbExecute db, String id, ApplyContext context) {
        db.dml("UPDATE appointment SET updated_at = GREATEST(updated_at, ?) WHERE id = ?", context.at(), id);
    }

    static Appointment loadOrRefuse(DbExecute db, String id) {
        return AppointmentQueries.load(db, id).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, null, "No appointment with id " + id + ".", "appointment.unknown"));
    }

    /**
     * A booking names a type that exists and is active; a fact is applied all the same (the type may have been
     * deactivated on the other side of a partition).
     */
    private static void refuseUnknownType(ApplyContext context, String typeId) {
        if (typeId == null || context.isFact()) {
            return;
        }
        AppointmentTypeData type = AppointmentTypeQueries.load(context.db(), typeId).orElseThrow(() ->
                new RejectedChange(RejectedChange.Reason.NOT_FOUND, "typeId", "No appointment type with id " + typeId + ".",
                        "appointment-type.unknown"));
        if (!Boolean.TRUE.equals(type.active())) {
            throw new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "typeId", "The appointment type " + type.name()
                    + " is no longer offered.", "appointment-type.inactive");
        }
    }

    /** Only a booked appointment can be {@code changed} ("moved", "cancelled"…); a fact is applied all the same. */
    static void refuseUnlessBooked(ApplyContext context, Appointment appointment, String changed) {
        if (!appointment.status().isBooked()) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This appointment is "
                    + appointment.status().words() + "; only a booked appointment can be " + changed + ".", "appointment.not-booked"));
        }
    }

    /**
     * Refuses {@code [start, end)} when the practitioner no longer takes appointments, when it is outside their
     * hours, or when it overlaps another of their appointments that is not cancelled.
     */
    private static void refuseUnavailable(ApplyContext context, PractitionerData practitioner, String practitionerId,
                                          String appointmentId, LocalDateTime start, LocalDateTime end) {
        if (context.isFact()) {
            // Waived: a fact that breaks these rules was made on the other side of a partition. Overlaps are kept
            // and flagged (DoubleBookings); hours and activity are the practitioner's own to sort out.
            return;
        }
        refuseOutsideHours(context, practitioner, practitionerId, start, end);
        DoubleBookings.overlapping(context.db(), practitionerId, appointmentId, start, end).ifPresent(taken -> {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "start", practitioner.fullName()
                    + " already has an appointment from " + HOUR_MINUTE.format(Rows.dateTime(taken, "start_at"))
                    + " to " + HOUR_MINUTE.format(Rows.dateTime(taken, "end_at")) + ".", "slot.taken");
        });
    }

    /** Refuses {@code [start, end)} outside the practitioner's hours; an encaixe too must be in them. */
    private static void refuseOutsideHours(ApplyContext context, PractitionerData practitioner, String practitionerId,
                                           LocalDateTime start, LocalDateTime end) {
        if (context.isFact()) {
            return;
        }
        if (!practitioner.active()) {
            throw new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "practitionerId",
                    practitioner.fullName() + " no longer takes appointments.", "practitioner.inactive");
        }
        AgendaBlocks.covering(context.db(), practitionerId, start, end).ifPresent(block -> {
            throw blocked(practitioner, block);
        });
        if (!practitioner.works(start, end)) {
            throw new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "start", outsideHours(practitioner, start, end),
                    "slot.outside-hours");
        }
    }

    // ---- Issue 11: no-show only after the start plus a grace; undo of a cancellation or a no-show -------------------

    private static void noShow(Event event, JsonObject payload, ApplyContext context) {
        Appointment appointment = loadOrRefuse(context.db(), event.key());
        if (payload.containsKey("markedAt") && appointment.status().isBooked()) {
            LocalDateTime markedAt = LocalDateTime.parse(payload.getString("markedAt"));
            LocalDateTime allowedFrom = appointment.start().plusMinutes(payload.getInt("graceMinutes", 0));
            if (markedAt.isBefore(allowedFrom)) {
                context.breaks(new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "status", "A no-show can be marked from "
                        + HOUR_MINUTE.format(allowedFrom) + " on " + allowedFrom.toLocalDate() + " (the start plus "
                        + payload.getInt("graceMinutes", 0) + " minutes of grace).", "no-show.too-early"));
            }
        }
        close(context, AppointmentStatus.NO_SHOW, "NO_SHOW", "marked a no-show");
    }

    /**
     * Books a cancelled or no-show appointment again (the desk's undo). Its slot was free meanwhile: a change is
     * refused when another appointment took it; a fact is applied and a double booking flagged, as for bookings.
     */
    private static void reopened(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Appointment appointment = loadOrRefuse(db, event.key());
        String action = appointment.status() == AppointmentStatus.NO_SHOW ? "UNDO_NO_SHOW" : "UNDO_CANCEL";
        if (appointment.status() != AppointmentStatus.CANCELLED && appointment.status() != AppointmentStatus.NO_SHOW) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This appointment is "
                    + appointment.status().words() + "; only a cancellation or a no-show can be undone here.", "undo.nothing"));
        }
        PractitionerData practitioner = PractitionerQueries.data(db, appointment.practitionerId()).orElseThrow();
        if (!context.isFact() && !DoubleBookings.isSqueezeIn(db, appointment.id())) {
            DoubleBookings.overlapping(db, appointment.practitionerId(), appointment.id(), appointment.start(), appointment.end())
                    .ifPresent(taken -> {
                        throw new RejectedChange(RejectedChange.Reason.CONFLICT, "start", practitioner.fullName()
                                + " has another appointment from " + HOUR_MINUTE.format(Rows.dateTime(taken, "start_at"))
                                + " to " + HOUR_MINUTE.format(Rows.dateTime(taken, "end_at")) + " in this slot now.", "slot.taken");
                    });
        }
        changeStatus(context, appointment.id(), AppointmentStatus.BOOKED);
        AuditTrail.record(context, action, ENTITY, appointment.patientId(),
                () -> "appointment " + appointment.id() + " on " + span(appointment.start(), appointment.end()) + " booked again");
    }

    /** A holiday closes the clinic ({@code slot.holiday}); a block is the practitioner's ({@code slot.blocked}). */
    private static RejectedChange blocked(PractitionerData practitioner, AgendaBlock block) {
        String why = block.reason() == null ? "" : " (" + block.reason() + ")";
        if (block.kind() == AgendaBlock.Kind.HOLIDAY) {
            return new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "start", "The clinic is closed on "
                    + block.start().toLocalDate() + why + ".", "slot.holiday");
        }
        return new RejectedChange(RejectedChange.Reason.UNPROCESSABLE, "start", practitioner.fullName() + " is not available from "
                + block.start().toLocalDate() + " " + HOUR_MINUTE.format(block.start()) + " to " + block.end().toLocalDate() + " "
                + HOUR_MINUTE.format(block.end()) + why + ".", "slot.blocked");
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
