package io.clinicnode.appliance.write;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;

import org.tinylog.Logger;

/**
 * Brings the H2 projection up to the journal at start: applies every event past the journal position the
 * database recorded, in transactions of {@value #BATCH} events that each also move the position. Events
 * already applied are skipped by the projection, so a crash during recovery is itself safe.
 */
public final class Recovery {
    private static final int BATCH = 1_000;

    private Recovery() {
    }

    /** @return how many events were applied */
    public static long replay(Journal journal, Projection projection, DbClient db, HybridLogicalClock clock) {
        long position = db.execute().get("SELECT journal_index FROM journal_position WHERE id = 1")
                .map(row -> Rows.number(row, "journal_index"))
                .orElse(0L);
        List<Entry> batch = new ArrayList<>(BATCH);
        long[] applied = {0};
        journal.replay(position, (index, event) -> {
            clock.observe(event.hlc());
            batch.add(new Entry(index, event));
            if (batch.size() == BATCH) {
                applied[0] += applyBatch(batch, projection, db);
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            applied[0] += applyBatch(batch, projection, db);
        }
        if (applied[0] > 0) {
            Logger.info("Recovered {} journal events into the database", applied[0]);
        }
        return applied[0];
    }

    private static long applyBatch(List<Entry> batch, Projection projection, DbClient db) {
        DbTransaction tx = db.transaction();
        long applied = 0;
        try {
            for (Entry entry : batch) {
                Projection.FactOutcome outcome = projection.applyFact(entry.event, tx, Instant.now());
                if (outcome.taken()) {
                    JournalMarks.record(tx, entry.event, entry.index);
                    applied++;
                }
                if (outcome == Projection.FactOutcome.GAP) {
                    // The journal holds each origin's events in order, so this means the database was changed
                    // behind the journal's back. Keep going; the journal stays the truth.
                    Logger.warn("Journal event {}:{} ({}) follows a gap in the database's record of its origin",
                            entry.event.origin(), entry.event.originSeq(), entry.event.type());
                }
            }
            tx.dml("UPDATE journal_position SET journal_index = ? WHERE id = 1", batch.getLast().index);
            tx.commit();
            return applied;
        } catch (RuntimeException e) {
            tx.rollback();
            throw e;
        }
    }

    private record Entry(long index, Event event) {
    }
}
