package io.clinicnode.appliance.write;

import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What an {@link EventHandler} applies an event with: the transaction, the event, and whether the event is a new
 * change or a fact.
 * <ul>
 *     <li>A <b>change</b> ({@link Mode#CHANGE}) is being made on this node right now: a rule the data breaks refuses it
 *     before anything is written ({@link #breaks} throws), exactly as a lone node does.</li>
 *     <li>A <b>fact</b> ({@link Mode#FACT}) is journaled already (by this node, or by another one, maybe on the other
 *     side of a LAN partition): it is never refused. A broken rule is waived and the effect still applied, because
 *     handlers write so that facts commute: every node that applies the same set of facts, in whatever order, ends up
 *     with the same rows (last writer wins per record aspect, deterministic winners for unique keys, double bookings
 *     kept and flagged). What a human must settle is recorded with {@link #conflict}.</li>
 * </ul>
 * Anything a handler derives from the data as it stands when a change is made (an audit sentence "moved from 09:00",
 * the start a "new duration only" move keeps) is {@linkplain #stamp stamped} into the event's payload, so a fact
 * applied later, in another order, uses what the origin saw instead of deriving it again.
 *
 * <p>One per event application; not thread-safe.
 */
public final class ApplyContext {
    /** Whether the event is a new change (refused when it breaks a rule) or a fact (never refused). */
    public enum Mode {
        CHANGE, FACT
    }

    private final Event event;
    private final JsonObject payload;
    private final DbExecute db;
    private final Mode mode;
    private final Instant now;
    private JsonObjectBuilder stamps;

    ApplyContext(Event event, JsonObject payload, DbExecute db, Mode mode, Instant now) {
        this.event = event;
        this.payload = payload;
        this.db = db;
        this.mode = mode;
        this.now = now;
    }

    /** The transaction the event is applied in. */
    public DbExecute db() {
        return db;
    }

    public Event event() {
        return event;
    }

    public JsonObject payload() {
        return payload;
    }

    public Mode mode() {
        return mode;
    }

    public boolean isFact() {
        return mode == Mode.FACT;
    }

    /**
     * The event's place in the clinic-wide last-writer-wins order, as text that sorts like {@code (hlc, origin)}:
     * 16 hex digits of the clock, the origin node id and its sequence, separated by colons. Stored in version columns
     * and compared as text.
     */
    public String version() {
        return version(event);
    }

    /** {@link #version()} of any event. */
    public static String version(Event event) {
        return String.format(Locale.ROOT, "%016x:%s:%d", event.hlc(), event.origin(), event.originSeq());
    }

    /**
     * The version of a record's creation, as stored in {@code created_version}: {@link #version()} and the user who
     * made it. When two events create one record (the same id or the same unique business key, from both sides of a
     * partition), the smaller creation wins, whatever order they are applied in.
     */
    public String creation() {
        return version() + " " + event.actor();
    }

    /** Whether this event is newer than {@code current} (a version column; null means "set by the record's creation"). */
    public boolean newerThan(String current) {
        return current == null || version().compareTo(current) > 0;
    }

    /**
     * A rule the data breaks: a change is refused ({@code refusal} is thrown, nothing has been written); a fact takes
     * effect all the same, so this returns and the handler goes on.
     */
    public void breaks(RejectedChange refusal) {
        if (mode == Mode.CHANGE) {
            throw refusal;
        }
    }

    /**
     * Records a conflict about this event for a human to settle (table {@code replication_conflict}). Only facts have
     * conflicts: a change that would have one is refused instead.
     *
     * @param kind   what sort of conflict (e.g. {@code SUPERSEDED})
     * @param reason a sentence saying what happened and what was kept
     */
    public void conflict(String kind, String reason) {
        requireFact(reason);
        Projection.recordConflict(db, kind + ":" + event.origin() + ":" + event.originSeq(), kind, event.key(),
                event.origin(), event.originSeq(), event.hlc(), event.type(), event.actor(), reason, now);
    }

    /**
     * Records that the creation {@code loser} (a {@link #creation()} text, this event's or the one applied before it)
     * lost record {@code recordKey} to an earlier creation. Keyed by the loser, so the nodes that meet the two
     * creations in either order record the same conflict.
     */
    public void lostCreation(String kind, String recordKey, String loser, String reason) {
        requireFact(reason);
        String[] parts = loser.split(" ", 2);
        String[] version = parts[0].split(":");
        Projection.recordConflict(db, kind + ":" + recordKey + ":" + parts[0], kind, recordKey, version[1],
                Long.parseLong(version[2]), Long.parseUnsignedLong(version[0], 16), event.type(), parts.length > 1 ? parts[1] : "",
                reason, now);
    }

    private void requireFact(String reason) {
        if (mode == Mode.CHANGE) {
            throw new IllegalStateException("A change is refused, never kept as a conflict: " + reason);
        }
    }

    /**
     * A value the handler derives from the data as it stands: for a change it is computed and stamped into the
     * event's payload under {@code field}; for a fact, the stamped value is used when the event carries one (an event
     * journaled before stamping existed computes it again, as it always did).
     */
    public String stamp(String field, Supplier<String> compute) {
        JsonValue stamped = payload.get(field);
        if (mode == Mode.FACT && stamped != null && stamped.getValueType() == JsonValue.ValueType.STRING) {
            return payload.getString(field);
        }
        String value = compute.get();
        if (mode == Mode.CHANGE && value != null && !payload.containsKey(field)) {
            if (stamps == null) {
                stamps = JSON.createObjectBuilder(payload);
            }
            stamps.add(field, value);
        }
        return value;
    }

    /** The event as it is journaled: with what the handler stamped into its payload. */
    Event stamped() {
        if (stamps == null) {
            return event;
        }
        return new Event(event.clinic(), event.origin(), event.originSeq(), event.hlc(), event.type(), event.key(),
                event.actor(), stamps.build().toString());
    }

    /** The event's time as stored in rows (UTC). */
    public java.time.LocalDateTime at() {
        return Rows.utc(event.at());
    }
}
