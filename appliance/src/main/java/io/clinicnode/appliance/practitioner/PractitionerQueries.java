package io.clinicnode.appliance.practitioner;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Reads practitioners and their working hours from the projection.
 *
 * <p>Thread-safe.
 */
public final class PractitionerQueries {
    private final DbClient db;

    public PractitionerQueries(DbClient db) {
        this.db = db;
    }

    public Optional<JsonObject> find(String id) {
        DbExecute execute = db.execute();
        return execute.get("SELECT * FROM practitioner WHERE id = ?", id)
                .map(row -> json(row, hours(execute, id)));
    }

    /** Practitioners sorted by name: the active ones, or all of them. */
    public List<JsonObject> list(boolean includeInactive) {
        DbExecute execute = db.execute();
        Map<String, List<WorkingHours>> hours = new HashMap<>();
        try (Stream<DbRow> rows = execute.query("SELECT * FROM practitioner_hours")) {
            rows.forEach(row -> hours.computeIfAbsent(Rows.text(row, "practitioner_id"), id -> new ArrayList<>()).add(interval(row)));
        }
        String sql = "SELECT * FROM practitioner" + (includeInactive ? "" : " WHERE active = TRUE")
                + " ORDER BY LOWER(full_name), id";
        try (Stream<DbRow> rows = execute.query(sql)) {
            return rows.map(row -> json(row, hours.getOrDefault(Rows.text(row, "id"), List.of()))).toList();
        }
    }

    /** The stored data of practitioner {@code id}, read inside the caller's transaction (active always set). */
    public static Optional<PractitionerData> data(DbExecute db, String id) {
        return db.get("SELECT * FROM practitioner WHERE id = ?", id)
                .map(row -> data(row, hours(db, id)));
    }

    private static List<WorkingHours> hours(DbExecute db, String id) {
        try (Stream<DbRow> rows = db.query("SELECT * FROM practitioner_hours WHERE practitioner_id = ?", id)) {
            return rows.map(PractitionerQueries::interval).toList();
        }
    }

    private static WorkingHours interval(DbRow row) {
        return new WorkingHours(DayOfWeek.valueOf(Rows.text(row, "day_of_week")), Rows.time(row, "start_time"),
                Rows.time(row, "end_time"));
    }

    private static PractitionerData data(DbRow row, List<WorkingHours> hours) {
        return new PractitionerData(Rows.text(row, "full_name"), Rows.text(row, "specialty"), hours, Rows.bool(row, "active"));
    }

    private static JsonObject json(DbRow row, List<WorkingHours> hours) {
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .addAll(JSON.createObjectBuilder(data(row, hours).toJson()))
                .add("createdAt", Rows.instant(row, "created_at").toString())
                .add("updatedAt", Rows.instant(row, "updated_at").toString())
                .build();
    }
}
