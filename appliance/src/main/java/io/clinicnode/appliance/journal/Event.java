package io.clinicnode.appliance.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * One change to the clinic's data, exactly as the journal keeps it and as it travels between nodes
 * ({@link EventBytes}): format version {@link #FORMAT_VERSION}, documented in docs/ARCHITECTURE.md. Events are
 * immutable and identified by {@code (origin, originSeq)}: the node that accepted the change and that node's gap-free
 * counter.
 *
 * @param clinic    the clinic the change belongs to
 * @param origin    id of the node that accepted the change
 * @param originSeq that node's sequence number, 1, 2, 3… without gaps
 * @param hlc       hybrid logical clock timestamp (see {@link HybridLogicalClock})
 * @param type      what happened, e.g. {@code patient.registered}
 * @param key       id of the record the change is about
 * @param actor     username that made the change, or {@code system}
 * @param payload   the change's data as a JSON object text
 */
public record Event(String clinic, String origin, long originSeq, long hlc, String type, String key, String actor,
                    String payload) {
    /**
     * Newest envelope version this build writes: 1 with the payload in clear, 2 with it encrypted (a node with a data
     * key); readers accept this and every older one.
     */
    public static final int FORMAT_VERSION = 2;

    public Event {
        Objects.requireNonNull(clinic, "clinic");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        if (originSeq < 1) {
            throw new IllegalArgumentException("originSeq must be 1 or more, was " + originSeq);
        }
    }

    /** Wall-clock time the event was accepted, from its HLC timestamp: the same on every node. */
    public Instant at() {
        return Instant.ofEpochMilli(HybridLogicalClock.physicalMillis(hlc));
    }

    /**
     * Whether this event only records that someone looked at data (a view, a search, a print, for the audit trail)
     * and changes nothing a screen shows or a desk could have to repeat.
     */
    public boolean recordsAccessOnly() {
        return type.endsWith(".viewed") || type.endsWith(".searched") || type.endsWith(".printed");
    }
}
