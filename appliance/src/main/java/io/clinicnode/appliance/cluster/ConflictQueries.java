package io.clinicnode.appliance.cluster;

import java.util.List;
import java.util.stream.Stream;

import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

/**
 * Reads the replication conflicts this node holds (table {@code replication_conflict}): events from another node that
 * the data here refused, newest first. Thread-safe.
 */
public final class ConflictQueries {
    private final DbClient db;

    public ConflictQueries(DbClient db) {
        this.db = db;
    }

    public List<JsonObject> newest(int limit) {
        try (Stream<DbRow> rows = db.execute().query("SELECT * FROM replication_conflict ORDER BY hlc DESC, origin DESC LIMIT ?", limit)) {
            return rows.map(ConflictQueries::json).toList();
        }
    }

    private static JsonObject json(DbRow row) {
        long hlc = Rows.number(row, "hlc");
        return JSON.createObjectBuilder()
                .add("origin", Rows.text(row, "origin"))
                .add("originSeq", Rows.number(row, "origin_seq"))
                .add("at", java.time.Instant.ofEpochMilli(HybridLogicalClock.physicalMillis(hlc)).toString())
                .add("type", Rows.text(row, "event_type"))
                .add("key", Rows.text(row, "record_key"))
                .add("user", Rows.text(row, "actor"))
                .add("reason", Rows.text(row, "reason"))
                .add("detectedAt", Rows.instant(row, "detected_at").toString())
                .build();
    }
}
