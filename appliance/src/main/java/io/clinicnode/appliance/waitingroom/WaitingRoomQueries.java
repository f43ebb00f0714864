package io.clinicnode.appliance.waitingroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Reads the waiting room from the projection. Minutes waited are computed at read time, from check-in to the
 * call, or to now while the patient is still waiting.
 *
 * <p>Thread-safe.
 */
public final class WaitingRoomQueries {
    // A walk-in has no appointment; the room is the one the patient was called to, else the practitioner's usual one.
    private static final String SELECT = "SELECT w.*, a.start_at, p.full_name AS patient_name, p.birth_date,"
            + " r.full_name AS practitioner_name, COALESCE(w.room, NULLIF(pr.room, '')) AS shown_room"
            + " FROM waiting_entry w LEFT JOIN appointment a ON a.id = w.appointment_id JOIN patient p ON p.id = w.patient_id"
            + " JOIN practitioner r ON r.id = w.practitioner_id LEFT JOIN practitioner_room pr ON pr.practitioner_id = w.practitioner_id";

    private final DbClient db;
    private final Clock clock;

    public WaitingRoomQueries(DbClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public Optional<JsonObject> find(String id) {
        Instant now = clock.instant();
        return db.execute().get(SELECT + " WHERE w.id = ?", id).map(row -> json(row, now));
    }

    /**
     * The visits of {@code day}: legal priorities first (80+ before the others), then in the order the patients checked
     * in. Undone check-ins are left out.
     */
    public List<JsonObject> board(LocalDate day, Optional<String> practitionerId) {
        // A second check-in of one appointment (both sides of a partition) stays off the board: it is listed as a conflict.
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE w.visit_day = ? AND w.duplicate_of IS NULL AND NOT w.undone");
        List<Object> params = new ArrayList<>(List.of(day));
        practitionerId.ifPresent(id -> {
            sql.append(" AND w.practitioner_id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY w.priority_rank DESC, w.checked_in_at, w.id");
        Instant now = clock.instant();
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(row -> json(row, now)).toList();
        }
    }

    /** The live entry (not undone, not a duplicate) of appointment {@code appointmentId}, if it is checked in here. */
    public Optional<JsonObject> ofAppointment(String appointmentId) {
        Instant now = clock.instant();
        return db.execute().get(SELECT + " WHERE w.appointment_id = ? AND NOT w.undone AND w.duplicate_of IS NULL", appointmentId)
                .map(row -> json(row, now));
    }

    private JsonObject json(DbRow row, Instant now) {
        Instant checkedInAt = Rows.instant(row, "checked_in_at");
        Instant calledAt = Rows.instant(row, "called_at");
        // Another node's clock may be slightly ahead of this one's; never show negative waits.
        long waited = Math.max(0, Duration.between(checkedInAt, calledAt != null ? calledAt : now).toMinutes());
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("appointmentId", JsonFields.text(Rows.text(row, "appointment_id")))
                .add("appointmentStart", JsonFields.text(Rows.dateTime(row, "start_at")))
                .add("walkIn", Rows.bool(row, "walk_in"))
                .add("lateMinutes", lateMinutes(row, checkedInAt))
                .add("priorities", JSON.createArrayBuilder(Priority.fromColumn(Rows.text(row, "priorities"))))
                .add("priorityRank", Rows.number(row, "priority_rank"))
                .add("room", JsonFields.text(Rows.text(row, "shown_room")))
                .add("undone", Rows.bool(row, "undone"))
                .add("patientId", Rows.text(row, "patient_id"))
                .add("patientName", Rows.text(row, "patient_name"))
                .add("practitionerId", Rows.text(row, "practitioner_id"))
                .add("practitionerName", Rows.text(row, "practitioner_name"))
                .add("visitDay", Rows.date(row, "visit_day").toString())
                .add("status", Rows.text(row, "status"))
                .add("checkedInAt", checkedInAt.toString())
                .add("calledAt", JsonFields.text(calledAt))
                .add("inConsultationAt", JsonFields.text(Rows.instant(row, "started_at")))
                .add("doneAt", JsonFields.text(Rows.instant(row, "done_at")))
                .add("waitedMinutes", waited)
                .build();
    }

    /**
     * Minutes from the appointment's start (clinic-local) to the check-in: positive when the patient came late, negative
     * when early; null for a walk-in.
     */
    private jakarta.json.JsonValue lateMinutes(DbRow row, Instant checkedInAt) {
        java.time.LocalDateTime start = Rows.dateTime(row, "start_at");
        if (start == null) {
            return jakarta.json.JsonValue.NULL;
        }
        return JSON.createValue(Duration.between(start.atZone(clock.getZone()).toInstant(), checkedInAt).toMinutes());
    }
}
