package io.clinicnode.appliance.audit;

import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

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
     * The newest {@code limit} entries about patient {@code recordId} (a patient's entries carry its id whatever the
     * entity: patient, appointment, check-in; a search's entry lists every patient it showed), newest first.
     */
    public List<JsonObject> forRecord(String recordId, int limit) {
        // Entry ids are "origin:seq"; within one millisecond and one node, the larger seq is the later event.
        try (Stream<DbRow> rows = db.execute().query("SELECT e.*, (SELECT LISTAGG(p.patient_id, ',') WITHIN GROUP"
                + " (ORDER BY p.position) FROM audit_entry_patient p WHERE p.entry_id = e.id) AS shown FROM audit_entry e"
                + " WHERE e.id IN (SELECT id FROM audit_entry WHERE record_id = ?"
                + " UNION SELECT entry_id FROM audit_entry_patient WHERE patient_id = ?)"
                + " ORDER BY e.occurred_at DESC, e.node DESC, e.origin_seq DESC LIMIT ?", recordId, recordId, limit)) {
            return rows.map(AuditQueries::json).toList();
        }
    }

    private static JsonObject json(DbRow row) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", Rows.text(row, "id"))
                .add("at", Rows.instant(row, "occurred_at").toString())
                .add("user", Rows.text(row, "username"))
                .add("action", Rows.text(row, "action"))
                .add("entity", Rows.text(row, "entity"))
                .add("recordId", JsonFields.text(Rows.text(row, "record_id")))
                .add("node", Rows.text(row, "node"));
        boolean list = AuditTrail.LIST.equals(Rows.text(row, "action"));
        if (!AuditTrail.SEARCH.equals(Rows.text(row, "action")) && !list) {
            json.add("detail", JsonFields.text(Rows.text(row, "detail")));
        } else {
            String shown = Rows.text(row, "shown");
            List<String> ids = shown == null ? List.of() : List.of(shown.split(","));
            JsonArrayBuilder resultIds = JSON.createArrayBuilder();
            ids.forEach(resultIds::add);
            // The stored detail is the query itself; the sentence is made here, for the trail's readers.
            String shownCount = ids.size() + " patient" + (ids.size() == 1 ? "" : "s") + " shown";
            if (list) {
                json.add("resultIds", resultIds).add("detail", "viewed the " + Rows.text(row, "detail") + ": " + shownCount);
            } else {
                json.add("query", Rows.text(row, "detail"))
                        .add("resultIds", resultIds)
                        .add("detail", "searched for \"" + Rows.text(row, "detail") + "\": " + shownCount);
            }
        }
        return json.build();
    }
}
