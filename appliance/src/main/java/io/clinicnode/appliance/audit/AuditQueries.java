package io.clinicnode.appliance.audit;

import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.http.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

/**
 * Reads the audit trail from the projection.
 *
 * <p>Thread-safe.
 */
public final class AuditQueries {
    private final DbClient db;

    public AuditQueries(DbClient db) {
        this.db = db;
    }

    /**
     * The newest {@code limit} entries about record {@code recordId} (a patient's entries carry its id whatever
     * the entity: patient, appointment, check-in), newest first.
     */
    public List<JsonObject> forRecord(String recordId, int limit) {
        // Entry ids are "origin:seq"; within one millisecond and one node, the longer id, then the larger one,
        // is the later event, which keeps that order numeric (seq 10 after seq 9).
        try (Stream<DbRow> rows = db.execute().query("SELECT * FROM audit_entry WHERE record_id = ?"
                + " ORDER BY occurred_at DESC, node DESC, LENGTH(id) DESC, id DESC LIMIT ?", recordId, limit)) {
            return rows.map(AuditQueries::json).toList();
        }
    }

    private static JsonObject json(DbRow row) {
        return JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("at", Rows.instant(row, "occurred_at").toString())
                .add("user", Rows.text(row, "username"))
                .add("action", Rows.text(row, "action"))
                .add("entity", Rows.text(row, "entity"))
                .add("recordId", JsonFields.text(Rows.text(row, "record_id")))
                .add("node", Rows.text(row, "node"))
                .add("detail", JsonFields.text(Rows.text(row, "detail")))
                .build();
    }
}
