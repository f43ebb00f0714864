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
    private static final String SELECT = "SELECT w.*, a.start_at, p.full_name AS patient_name, r.full_name AS practitioner_name"
            + " FROM waiting_entry w JOIN appointment a ON a.id = w.appointment_id JOIN patient p ON p.id = w.patient_id"
            + " JOIN practitioner r ON r.id = w.practitioner_id";

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

    /** The visits of {@code day}, in the order the patients checked in. */
    public List<JsonObject> board(LocalDate day, Optional<String> practitionerId) {
        // A second check-in of one appointment (both sides of a partition) stays off the board: it is listed as a conflict.
        StringBuilder sql = new StringBuilder(SELECT).append(" WHERE w.visit_day = ? AND w.duplicate_of IS NULL");
        List<Object> params = new ArrayList<>(List.of(day));
        practitionerId.ifPresent(id -> {
            sql.append(" AND w.practitioner_id = ?");
            params.add(id);
        });
        sql.append(" ORDER BY w.checked_in_at, w.id");
        Instant now = clock.instant();
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(row -> json(row, now)).toList();
        }
    }

    private static JsonObject json(DbRow row, Instant now) {
        Instant checkedInAt = Rows.instant(row, "checked_in_at");
        Instant calledAt = Rows.instant(row, "called_at");
        // Another node's clock may be slightly ahead of this one's; never show negative waits.
        long waited = Math.max(0, Duration.between(checkedInAt, calledAt != null ? calledAt : now).toMinutes());
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("appointmentId", Rows.text(row, "appointment_id"))
                .add("appointmentStart", Rows.dateTime(row, "start_at").toString())
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
}
