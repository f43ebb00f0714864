package io.clinicnode.appliance.appointmenttype;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** Reads appointment types from the projection. Thread-safe. */
public final class AppointmentTypeQueries {
    private final DbClient db;

    public AppointmentTypeQueries(DbClient db) {
        this.db = db;
    }

    /** Every type (active ones only unless {@code includeInactive}), by name. */
    public List<JsonObject> list(boolean includeInactive) {
        try (Stream<DbRow> rows = db.execute().query("SELECT * FROM appointment_type"
                + (includeInactive ? "" : " WHERE active = TRUE") + " ORDER BY name, id")) {
            return rows.map(AppointmentTypeQueries::json).toList();
        }
    }

    public Optional<JsonObject> find(String id) {
        return db.execute().get("SELECT * FROM appointment_type WHERE id = ?", id).map(AppointmentTypeQueries::json);
    }

    /**
     * Type {@code id} as stored, read inside the caller's transaction: {@code name}, {@code durationMinutes},
     * {@code color}, {@code active}.
     */
    public static Optional<AppointmentTypeData> load(DbExecute db, String id) {
        return db.get("SELECT * FROM appointment_type WHERE id = ?", id)
                .map(row -> new AppointmentTypeData(Rows.text(row, "name"), (int) Rows.number(row, "duration_minutes"),
                        Rows.text(row, "color"), Rows.bool(row, "active")));
    }

    private static JsonObject json(DbRow row) {
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("name", Rows.text(row, "name"))
                .add("durationMinutes", Rows.number(row, "duration_minutes"))
                .add("color", Rows.text(row, "color"))
                .add("active", Rows.bool(row, "active"))
                .build();
    }
}
