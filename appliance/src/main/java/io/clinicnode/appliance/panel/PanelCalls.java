package io.clinicnode.appliance.panel;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What the call panel shows: today's latest calls, newest first, each as the patient's first name and the initial of
 * their last name, and the room. Nothing else of the patient leaves this class: the panel is public.
 *
 * <p>Thread-safe.
 */
public final class PanelCalls {
    /** Calls the panel lists: the current one and the previous few. */
    static final int SHOWN = 6;

    private final DbClient db;
    private final Clock clinicClock;

    public PanelCalls(DbClient db, Clock clinicClock) {
        this.db = db;
        this.clinicClock = clinicClock;
    }

    List<JsonObject> latest() {
        try (Stream<DbRow> rows = db.execute().query("SELECT w.id, w.called_at, p.full_name,"
                + " COALESCE(w.room, NULLIF(pr.room, '')) AS shown_room FROM waiting_entry w JOIN patient p ON p.id = w.patient_id"
                + " LEFT JOIN practitioner_room pr ON pr.practitioner_id = w.practitioner_id"
                + " WHERE w.visit_day = ? AND w.called_at IS NOT NULL AND NOT w.undone AND w.duplicate_of IS NULL"
                + " ORDER BY w.called_at DESC, w.id LIMIT " + SHOWN, LocalDate.now(clinicClock))) {
            return rows.map(row -> JSON.createObjectBuilder()
                    .add("id", Rows.text(row, "id"))
                    .add("name", shownName(Rows.text(row, "full_name")))
                    .add("room", JsonFields.text(Rows.text(row, "shown_room")))
                    .add("calledAt", Rows.instant(row, "called_at").toString())
                    .build()).toList();
        }
    }

    /** "Maria Aparecida da Silva" → "Maria S.": the first name and the initial of the last one. */
    static String shownName(String fullName) {
        String[] parts = fullName.strip().split("\\s+");
        if (parts.length == 1) {
            return parts[0];
        }
        return parts[0] + " " + parts[parts.length - 1].substring(0, 1).toUpperCase(java.util.Locale.ROOT) + ".";
    }
}
