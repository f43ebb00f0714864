package io.clinicnode.appliance.write;

import java.io.StringReader;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Applies journal events to the H2 projection through the handler registered for each event type, and
 * keeps the per-origin high-water mark in the same transaction. Applying an event whose sequence is at or
 * below its origin's mark changes nothing, so replaying the journal after a crash is always safe.
 *
 * <p>Thread-safe once built (handlers are registered before the node starts).
 */
public final class Projection {
    private final Map<String, EventHandler> handlers = new HashMap<>();

    /** Registers the handler for {@code type}; each type has exactly one. */
    public Projection register(String type, EventHandler handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("A handler for event type " + type + " is already registered");
        }
        return this;
    }

    /**
     * Applies {@code event}, a change being made on this node now, inside the caller's transaction: refused when the
     * data does not allow it.
     *
     * @return the event as it is to be journaled (with what the handler stamped into its payload), or empty when it
     *         had been applied before (nothing changed)
     * @throws RejectedChange when the handler refuses the change (nothing changed)
     */
    public Optional<Event> apply(Event event, DbExecute db) {
        if (event.originSeq() <= appliedSeq(db, event.origin())) {
            return Optional.empty();
        }
        return Optional.of(applyNew(event, db, ApplyContext.Mode.CHANGE, Instant.EPOCH));
    }

    /** Applies an event its caller has checked is the next of its origin; returns it as stamped by the handler. */
    private Event applyNew(Event event, DbExecute db, ApplyContext.Mode mode, Instant now) {
        EventHandler handler = handlers.get(event.type());
        if (handler == null) {
            throw new ApplianceException("No handler for event type '" + event.type() + "' (origin " + event.origin()
                    + ", seq " + event.originSeq() + "). The journal was written by a newer node version; upgrade this node.");
        }
        JsonObject payload = parse(event.payload());
        ApplyContext context = new ApplyContext(event, payload, db, mode, now);
        handler.apply(event, payload, context);
        markApplied(db, event);
        return context.stamped();
    }

    /**
     * Applies an event that is already a fact: journaled by its origin, received from another node or read back
     * from this node's journal. Facts are applied in each origin's sequence order and are never refused: handlers take
     * them in {@link ApplyContext.Mode#FACT}, where rules are waived and conflicts recorded, so that the same facts
     * give the same rows in any order. A handler that still refuses one (its record does not exist here) has it
     * recorded as a conflict for a human to settle; it counts as applied, so the origin's later events keep applying.
     *
     * @return what became of the event; {@link FactOutcome#GAP} means an earlier event of its origin is missing here
     *         and nothing was changed
     */
    public FactOutcome applyFact(Event event, DbExecute db, Instant now) {
        long applied = appliedSeq(db, event.origin());
        if (event.originSeq() <= applied) {
            return FactOutcome.DUPLICATE;
        }
        if (event.originSeq() > applied + 1) {
            return FactOutcome.GAP;
        }
        try {
            applyNew(event, db, ApplyContext.Mode.FACT, now);
            return FactOutcome.APPLIED;
        } catch (RejectedChange e) {
            recordConflict(db, event, "REFUSED", e.getMessage(), now);
            markApplied(db, event);
            return FactOutcome.CONFLICT;
        }
    }

    /** Records a conflict about {@code event} that is not one of the kinds handlers record themselves. */
    static void recordConflict(DbExecute db, Event event, String kind, String reason, Instant now) {
        recordConflict(db, kind + ":" + event.origin() + ":" + event.originSeq(), kind, event.key(), event.origin(),
                event.originSeq(), event.hlc(), event.type(), event.actor(), reason, now);
    }

    /** Records a conflict under {@code id}; finding the same conflict again changes nothing but when it was seen. */
    static void recordConflict(DbExecute db, String id, String kind, String recordKey, String origin, long originSeq, long hlc,
                               String type, String actor, String reason, Instant now) {
        db.dml("MERGE INTO replication_conflict (conflict_id, kind, record_key, origin, origin_seq, hlc, event_type, actor, reason,"
                        + " detected_at) KEY (conflict_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", truncate(id, 300), kind,
                truncate(recordKey, 80), origin, originSeq, hlc, type, truncate(actor, 64), truncate(reason, 500), Rows.utc(now));
    }

    private static void markApplied(DbExecute db, Event event) {
        db.dml("MERGE INTO origin_progress (origin, last_seq, last_hlc) KEY (origin) VALUES (?, ?, ?)",
                event.origin(), event.originSeq(), event.hlc());
    }

    /** What {@link #applyFact} did with an event. */
    public enum FactOutcome {
        /** Applied now. */
        APPLIED,
        /** Held already; nothing changed. */
        DUPLICATE,
        /** An earlier event of the same origin is missing; nothing changed. */
        GAP,
        /** Kept and counted as applied, but its record does not exist here: listed as a replication conflict. */
        CONFLICT;

        /** Whether the event is now part of this node's history (to be journaled). */
        public boolean taken() {
            return this == APPLIED || this == CONFLICT;
        }
    }

    private static String truncate(String text, int max) {
        String value = text == null ? "refused" : text;
        return value.length() <= max ? value : value.substring(0, max);
    }

    /** The highest sequence applied per origin. */
    public static Map<String, Long> appliedSeqs(DbExecute db) {
        Map<String, Long> result = new HashMap<>();
        db.query("SELECT origin, last_seq FROM origin_progress")
                .forEach(row -> result.put(row.column("origin").get(String.class), row.column("last_seq").get(Long.class)));
        return result;
    }

    /** The highest sequence applied for {@code origin}, 0 when none. */
    public static long appliedSeq(DbExecute db, String origin) {
        return db.get("SELECT last_seq FROM origin_progress WHERE origin = ?", origin)
                .map(row -> row.column("last_seq").get(Long.class))
                .orElse(0L);
    }

    private static JsonObject parse(String payload) {
        try (JsonReader reader = JSON.createReader(new StringReader(payload))) {
            return reader.readObject();
        }
    }
}
