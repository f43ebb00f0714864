package io.clinicnode.appliance.cluster;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The conflicts a human should settle after a LAN partition, newest first. Two sources:
 * <ul>
 *     <li><b>open</b> conflicts, read from the data as it is: appointments that overlap (booked on both sides),
 *     patients sharing one document number, appointments checked in twice. Every node holds the same data, so every
 *     node lists the same ones, and each disappears once a human moves or cancels, corrects or completes;</li>
 *     <li><b>recorded</b> conflicts (table {@code replication_conflict}): a username created on both sides (the later
 *     one dropped), one id created twice, a write superseded by a later concurrent one, an event whose record does not
 *     exist here.</li>
 * </ul>
 * {@link #unreported} gives those no {@code conflict.<kind>} event has reported to central yet ({@link ConflictReporter}).
 * Thread-safe.
 */
public final class ConflictQueries {
    private final DbClient db;

    public ConflictQueries(DbClient db) {
        this.db = db;
    }

    public List<JsonObject> newest(int limit) {
        DbExecute execute = db.execute();
        List<Item> items = open(execute);
        collect(items, execute.query("SELECT * FROM replication_conflict ORDER BY hlc DESC, conflict_id LIMIT ?", limit),
                ConflictQueries::recorded);
        return items.stream()
                .sorted(Comparator.comparing(Item::at).reversed().thenComparing(Item::id))
                .limit(limit)
                .map(Item::json)
                .toList();
    }

    /**
     * Up to {@code limit} conflicts this node lists that no {@code conflict.<kind>} event has reported yet (table
     * {@code conflict_report}), oldest first, each with its id: the same on every node that finds it.
     */
    public List<Unreported> unreported(int limit) {
        DbExecute execute = db.execute();
        List<Item> items = open(execute).stream()
                .filter(item -> execute.get("SELECT 1 FROM conflict_report WHERE conflict_id = ?", item.id()).isEmpty())
                .collect(Collectors.toCollection(ArrayList::new));
        collect(items, execute.query("SELECT * FROM replication_conflict r WHERE NOT EXISTS"
                + " (SELECT 1 FROM conflict_report c WHERE c.conflict_id = r.conflict_id) ORDER BY hlc, conflict_id LIMIT ?", limit),
                ConflictQueries::recorded);
        return items.stream()
                .sorted(Comparator.comparing(Item::at).thenComparing(Item::id))
                .limit(limit)
                .map(item -> new Unreported(item.id(), item.json()))
                .toList();
    }

    /**
     * A conflict not reported yet.
     *
     * @param id       the conflict's id, e.g. {@code DOUBLE_BOOKING:<appointment>:<appointment>}
     * @param conflict the conflict as {@link #newest} lists it ({@code kind}, {@code key}, {@code reason} …)
     */
    public record Unreported(String id, JsonObject conflict) {
        public String kind() {
            return conflict.getString("kind");
        }
    }

    /** The open conflicts: read from the data as it is now. */
    private static List<Item> open(DbExecute execute) {
        List<Item> items = new ArrayList<>();
        collect(items, execute.query("SELECT a.id, a.start_at, a.end_at, a.created_at, b.id AS other_id, b.start_at AS other_start,"
                + " b.end_at AS other_end, b.created_at AS other_created, r.full_name AS practitioner"
                + " FROM appointment a JOIN appointment b ON b.practitioner_id = a.practitioner_id AND b.id > a.id"
                + " AND b.double_booked AND b.status <> 'CANCELLED' AND b.start_at < a.end_at AND b.end_at > a.start_at"
                + " JOIN practitioner r ON r.id = a.practitioner_id"
                + " WHERE a.double_booked AND a.status <> 'CANCELLED'"), ConflictQueries::doubleBooking);
        collect(items, execute.query("SELECT p.id, p.created_at, o.id AS owner_id, o.created_at AS owner_created FROM patient p"
                + " JOIN patient o ON o.document_key = p.document_norm"
                + " WHERE p.document_key IS NULL AND p.document_norm IS NOT NULL"), ConflictQueries::sharedDocument);
        collect(items, execute.query("SELECT id, duplicate_of, appointment_id, checked_in_at FROM waiting_entry"
                + " WHERE duplicate_of IS NOT NULL"), ConflictQueries::checkedInTwice);
        return items;
    }

    private static void collect(List<Item> items, Stream<DbRow> rows, java.util.function.Function<DbRow, Item> item) {
        try (rows) {
            rows.map(item).forEach(items::add);
        }
    }

    private static Item doubleBooking(DbRow row) {
        String first = Rows.text(row, "id");
        String second = Rows.text(row, "other_id");
        Instant at = later(Rows.instant(row, "created_at"), Rows.instant(row, "other_created"));
        return open("DOUBLE_BOOKING:" + first + ":" + second, "DOUBLE_BOOKING", first, at, Rows.text(row, "practitioner")
                + " has two appointments at the same time, booked where the clinic's network was split: "
                + Rows.dateTime(row, "start_at") + "–" + Rows.dateTime(row, "end_at").toLocalTime() + " and "
                + Rows.dateTime(row, "other_start") + "–" + Rows.dateTime(row, "other_end").toLocalTime()
                + ". Both are kept; move or cancel one.", "appointment", first, second);
    }

    private static Item sharedDocument(DbRow row) {
        String owner = Rows.text(row, "owner_id");
        String other = Rows.text(row, "id");
        Instant at = later(Rows.instant(row, "created_at"), Rows.instant(row, "owner_created"));
        return open("DUPLICATE_DOCUMENT:" + owner + ":" + other, "DUPLICATE_DOCUMENT", owner, at,
                "Two patients were registered with one document number where the clinic's network was split. Both are kept;"
                        + " the one registered first holds the number. Correct the document of one of them, or merge the records.",
                "patient", owner, other);
    }

    private static Item checkedInTwice(DbRow row) {
        String kept = Rows.text(row, "duplicate_of");
        String other = Rows.text(row, "id");
        return open("DUPLICATE_CHECK_IN:" + kept + ":" + other, "DUPLICATE_CHECK_IN", Rows.text(row, "appointment_id"),
                Rows.instant(row, "checked_in_at"), "Appointment " + Rows.text(row, "appointment_id")
                        + " was checked in twice where the clinic's network was split. The first check-in is on the board;"
                        + " the other is kept off it.", "waitingEntry", kept, other);
    }

    private static Item open(String id, String kind, String key, Instant at, String reason, String recordType, String... records) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("kind", kind)
                .add("open", true)
                .add("key", key)
                .add("at", at.toString())
                .add("reason", reason)
                .add("recordType", recordType);
        var ids = JSON.createArrayBuilder();
        for (String record : records) {
            ids.add(record);
        }
        return new Item(id, at, json.add("records", ids).build());
    }

    private static Item recorded(DbRow row) {
        long hlc = Rows.number(row, "hlc");
        Instant at = Instant.ofEpochMilli(HybridLogicalClock.physicalMillis(hlc));
        JsonObject json = JSON.createObjectBuilder()
                .add("kind", Rows.text(row, "kind"))
                .add("open", false)
                .add("key", Rows.text(row, "record_key"))
                .add("at", at.toString())
                .add("reason", Rows.text(row, "reason"))
                .add("origin", Rows.text(row, "origin"))
                .add("originSeq", Rows.number(row, "origin_seq"))
                .add("type", Rows.text(row, "event_type"))
                .add("user", Rows.text(row, "actor"))
                .add("detectedAt", Rows.instant(row, "detected_at").toString())
                .build();
        return new Item(Rows.text(row, "conflict_id"), at, json);
    }

    private static Instant later(Instant one, Instant other) {
        return one.isAfter(other) ? one : other;
    }

    private record Item(String id, Instant at, JsonObject json) {
    }
}
