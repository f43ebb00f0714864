package io.clinicnode.appliance.write;

import java.util.Optional;

import io.clinicnode.appliance.journal.Event;

import io.helidon.dbclient.DbExecute;

/**
 * A sparse index from an origin's sequence to this node's journal index (table {@code journal_mark}): one mark per
 * {@value #EVERY} events of an origin, written in the transaction that applies the event. A node serving "origin X
 * from sequence N" starts reading its journal at the nearest mark at or before N instead of at the beginning.
 */
public final class JournalMarks {
    static final int EVERY = 256;

    private JournalMarks() {
    }

    /** Marks {@code event} at {@code journalIndex} when it is one of the marked sequences. */
    public static void record(DbExecute tx, Event event, long journalIndex) {
        if (event.originSeq() % EVERY == 1) {
            tx.dml("MERGE INTO journal_mark (origin, origin_seq, journal_index) KEY (origin, origin_seq) VALUES (?, ?, ?)",
                    event.origin(), event.originSeq(), journalIndex);
        }
    }

    /** The journal index to start reading at to find {@code origin}'s event {@code seq}; empty: from the start. */
    public static Optional<Long> startFor(DbExecute db, String origin, long seq) {
        return db.get("SELECT journal_index FROM journal_mark WHERE origin = ? AND origin_seq <= ? ORDER BY origin_seq DESC LIMIT 1",
                        origin, seq)
                .map(row -> row.column("journal_index").get(Long.class));
    }
}
