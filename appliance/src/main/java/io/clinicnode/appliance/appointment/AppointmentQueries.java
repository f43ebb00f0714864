package io.clinicnode.appliance.appointment;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Reads appointments from the projection, with the names of their patient and practitioner. Start and end
 * are stored as clinic-local date-times (the agenda is local; a change of UTC offset must not move it).
 *
 * <p>Thread-safe.
 */
public final class AppointmentQueries {
    private static final String SELECT = "SELECT a.*, p.full_name AS patient_name, r.full_name AS practitioner_name,"
            + " t.name AS type_name, t.color AS type_color"
            + " FROM appointment a JOIN patient p ON p.id = a.patient_id JOIN practitioner r ON r.id = a.practitioner_id"
            + " LEFT JOIN appointment_type t ON t.id = a.type_id";
    /** The booked ones: a desk may still move them, and they stand in the way of a block or new hours. */
    private static final String BOOKED = " a.status IN ('BOOKED', 'CONFIRMED')";

    private final DbClient db;

    public AppointmentQueries(DbClient db) {
        this.db = db;
    }

    public Optional<JsonObject> find(String id) {
        return db.execute().get(SELECT + " WHERE a.id = ?", id).map(AppointmentQueries::json);
    }

    /** Every appointment starting on {@code day}, whatever its status, by start time. */
    public List<JsonObject> onDay(LocalDate day, Optional<String> practitionerId) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE a.start_at >= ? AND a.start_at < ?");
        List<Object> params = new ArrayList<>(List.of(day.atStartOfDay(), day.plusDays(1).atStartOfDay()));
        practitionerId.ifPresent(id -> {
            sql.append(" AND a.practitioner_id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY a.start_at, practitioner_name, a.id");
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(AppointmentQueries::json).toList();
        }
    }

    /** Every appointment starting on the {@code days} days from {@code from}, whatever its status, by start time. */
    public List<JsonObject> onDays(LocalDate from, int days, Optional<String> practitionerId) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE a.start_at >= ? AND a.start_at < ?");
        List<Object> params = new ArrayList<>(List.of(from.atStartOfDay(), from.plusDays(days).atStartOfDay()));
        practitionerId.ifPresent(id -> {
            sql.append(" AND a.practitioner_id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY a.start_at, practitioner_name, a.id");
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(AppointmentQueries::json).toList();
        }
    }

    /**
     * The "confirmar amanhã" list: the day's booked and confirmed appointments, by start, each with the patient's phone
     * numbers (in full: the desk calls them) and how it was confirmed.
     */
    public List<JsonObject> forConfirmation(LocalDate day) {
        try (Stream<DbRow> rows = db.execute().query(SELECT.replace(" FROM appointment a", ", p.phone AS patient_phone,"
                        + " p.secondary_phone AS patient_secondary_phone FROM appointment a")
                        + " WHERE a.start_at >= ? AND a.start_at < ? AND" + BOOKED + " ORDER BY a.start_at, practitioner_name, a.id",
                day.atStartOfDay(), day.plusDays(1).atStartOfDay())) {
            return rows.map(row -> JSON.createObjectBuilder(json(row))
                    .add("phone", JsonFields.text(Rows.text(row, "patient_phone")))
                    .add("secondaryPhone", JsonFields.text(Rows.text(row, "patient_secondary_phone")))
                    .build()).toList();
        }
    }

    /**
     * Booked and confirmed appointments overlapping {@code [start, end)}, of one practitioner or of all: those a new block
     * or holiday leaves inside it.
     */
    public List<JsonObject> stillBooked(Optional<String> practitionerId, LocalDateTime start, LocalDateTime end) {
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE a.start_at < ? AND a.end_at > ? AND").append(BOOKED);
        List<Object> params = new ArrayList<>(List.of(end, start));
        practitionerId.ifPresent(id -> {
            sql.append(" AND a.practitioner_id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY a.start_at, a.id");
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(AppointmentQueries::json).toList();
        }
    }

    /**
     * The practitioner's booked and confirmed appointments from {@code from} on that do not fit {@code hours}: what a
     * change of working hours leaves outside them, for the desk to move.
     */
    public List<JsonObject> outsideHours(String practitionerId, PractitionerData hours, LocalDateTime from) {
        try (Stream<DbRow> rows = db.execute().query(SELECT + " WHERE a.practitioner_id = ? AND a.start_at >= ? AND" + BOOKED
                + " ORDER BY a.start_at, a.id", practitionerId, from)) {
            return rows.filter(row -> !hours.works(Rows.dateTime(row, "start_at"), Rows.dateTime(row, "end_at")))
                    .map(AppointmentQueries::json).toList();
        }
    }

    /**
     * When the status of appointment {@code id} last changed (UTC), for "undo on the same day"; empty when there is no
     * such appointment here.
     */
    public Optional<java.time.LocalDateTime> statusChangedAt(String id) {
        return db.execute().get("SELECT status_changed_at, updated_at FROM appointment WHERE id = ?", id)
                .map(row -> Rows.dateTime(row, "status_changed_at") != null
                        ? Rows.dateTime(row, "status_changed_at") : Rows.dateTime(row, "updated_at"));
    }

    /** Appointment {@code id} as stored, read inside the caller's transaction. */
    public static Optional<Appointment> load(DbExecute db, String id) {
        return db.get("SELECT * FROM appointment WHERE id = ?", id).map(AppointmentQueries::appointment);
    }

    static Appointment appointment(DbRow row) {
        return new Appointment(Rows.text(row, "id"), Rows.text(row, "patient_id"), Rows.text(row, "practitioner_id"),
                Rows.dateTime(row, "start_at"), Rows.dateTime(row, "end_at"),
                AppointmentStatus.valueOf(Rows.text(row, "status")), Rows.text(row, "notes"));
    }

    private static JsonObject json(DbRow row) {
        Appointment appointment = appointment(row);
        return JSON.createObjectBuilder()
                .add("id", appointment.id())
                .add("patientId", appointment.patientId())
                .add("patientName", Rows.text(row, "patient_name"))
                .add("practitionerId", appointment.practitionerId())
                .add("practitionerName", Rows.text(row, "practitioner_name"))
                .add("start", appointment.start().toString())
                .add("end", appointment.end().toString())
                .add("durationMinutes", appointment.durationMinutes())
                .add("status", appointment.status().name())
                .add("doubleBooked", Rows.bool(row, "double_booked"))
                .add("squeezeIn", Rows.bool(row, "squeeze_in"))
                .add("notes", JsonFields.text(appointment.notes()))
                .add("typeId", JsonFields.text(Rows.text(row, "type_id")))
                .add("typeName", JsonFields.text(Rows.text(row, "type_name")))
                .add("typeColor", JsonFields.text(Rows.text(row, "type_color")))
                .add("confirmationChannel", JsonFields.text(Rows.text(row, "confirmation_channel")))
                .add("confirmedAt", JsonFields.text(Rows.instant(row, "confirmed_at") == null ? null
                        : Rows.instant(row, "confirmed_at").toString()))
                .add("confirmedBy", JsonFields.text(Rows.text(row, "confirmed_by")))
                .add("createdAt", Rows.instant(row, "created_at").toString())
                .add("updatedAt", Rows.instant(row, "updated_at").toString())
                .build();
    }
}
