package io.clinicnode.appliance.write;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbTransaction;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.DistributionSummary;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Timer;

import org.tinylog.Logger;

/**
 * The node's one way to change data (guarantee G1). A single writer thread takes the changes waiting
 * together as one group and, for the group:
 * <ol>
 *     <li>applies each change to H2 inside one open transaction, which both validates it against the data
 *     as left by the changes before it and stages its rows; refused changes write nothing;</li>
 *     <li>appends the accepted events to the journal and syncs the journal to disk once;</li>
 *     <li>records the journal position in the same transaction and commits;</li>
 *     <li>only then acknowledges every change of the group.</li>
 * </ol>
 * A crash before the commit loses nothing acknowledged: on start the node replays the journal past the
 * recorded position, and the projection skips what it already holds.
 *
 * <p>Thread-safe: any thread may call {@link #write}.
 */
public final class WritePath implements AutoCloseable {
    private static final int MAX_GROUP = 512;

    private final Journal journal;
    private final Projection projection;
    private final DbClient db;
    private final NodeIdentity identity;
    private final HybridLogicalClock clock;
    private final BlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final Counter eventsCounter;
    private final Counter rejectedCounter;
    private final DistributionSummary groupSizes;
    private final Timer syncTimer;
    private final Timer commitTimer;
    private volatile boolean running = true;
    private long ownSeq;

    public WritePath(Journal journal, Projection projection, DbClient db, NodeIdentity identity,
                     HybridLogicalClock clock, MeterRegistry meters) {
        this.journal = journal;
        this.projection = projection;
        this.db = db;
        this.identity = identity;
        this.clock = clock;
        this.eventsCounter = meters.getOrCreate(Counter.builder("clinicnode.journal.events")
                .description("Events appended to the journal and applied"));
        this.rejectedCounter = meters.getOrCreate(Counter.builder("clinicnode.writes.rejected")
                .description("Changes refused by the data (conflict, unknown record, rule)"));
        this.groupSizes = meters.getOrCreate(DistributionSummary.builder("clinicnode.journal.group.size")
                .description("Events made durable by one journal sync (group commit)"));
        this.syncTimer = meters.getOrCreate(Timer.builder("clinicnode.journal.sync")
                .description("Time to force one group of journal appends to disk"));
        this.commitTimer = meters.getOrCreate(Timer.builder("clinicnode.db.commit")
                .description("Time to commit one group's H2 transaction"));
        this.ownSeq = Projection.appliedSeq(db.execute(), identity.nodeId());
        this.writer = Thread.ofPlatform().name("journal-writer").start(this::run);
    }

    /**
     * Makes {@code change} durable and applied, then returns its event. Blocks until then.
     *
     * @throws RejectedChange when the clinic's data refuses it (nothing was written)
     */
    public Event write(Change change) {
        try {
            return submit(change).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ApplianceException("Write failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplianceException("Interrupted while waiting for a write to be acknowledged", e);
        }
    }

    /** Queues {@code change}; the future completes once it is durable and applied. */
    public CompletableFuture<Event> submit(Change change) {
        if (!running) {
            return CompletableFuture.failedFuture(new ApplianceException("The node is shutting down; retry on another node"));
        }
        Pending pending = new Pending(change, new CompletableFuture<>());
        waiting.add(pending);
        return pending.done;
    }

    /** Adds a listener told of every group of events after it commits (see {@link CommitListener}). */
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** Changes waiting for the writer right now. */
    public int backlog() {
        return waiting.size();
    }

    private void run() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (running || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                writeGroup(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                Logger.error(e, "Journal writer failed a group of {} changes", group.size());
                group.forEach(pending -> pending.done.completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /**
     * Writes one group. An unexpected failure applying one change rolls the transaction back; the group is
     * then written again without it (nothing was journaled yet), so one bad change never fails the others.
     */
    private void writeGroup(List<Pending> group) {
        List<Pending> remaining = new ArrayList<>(group);
        while (!remaining.isEmpty()) {
            Pending failed = tryWriteGroup(remaining);
            if (failed == null) {
                return;
            }
            remaining.remove(failed);
        }
    }

    /** @return the change that failed unexpectedly (the transaction was rolled back), or null on success */
    private Pending tryWriteGroup(List<Pending> group) {
        DbTransaction tx = db.transaction();
        List<Accepted> accepted = new ArrayList<>(group.size());
        List<Pending> rejected = new ArrayList<>();
        long seq = ownSeq;
        for (Pending pending : group) {
            Change change = pending.change;
            Event event = new Event(identity.clinicId(), identity.nodeId(), seq + 1, clock.now(),
                    change.type(), change.key(), change.actor(), change.payload().toString());
            try {
                projection.apply(event, tx);
                accepted.add(new Accepted(pending, event));
                seq++;
            } catch (RejectedChange e) {
                pending.rejection = e;
                rejected.add(pending);
            } catch (RuntimeException e) {
                tx.rollback();
                Logger.error(e, "Change {} on {} failed; writing the rest of its group without it", change.type(), change.key());
                pending.done.completeExceptionally(e);
                return pending;
            }
        }
        try {
            if (!accepted.isEmpty()) {
                long lastIndex = 0;
                for (Accepted entry : accepted) {
                    lastIndex = journal.append(entry.event);
                }
                Timer.Sample sync = Timer.start();
                journal.sync();
                sync.stop(syncTimer);
                tx.dml("UPDATE journal_position SET journal_index = ? WHERE id = 1", lastIndex);
            }
            Timer.Sample commit = Timer.start();
            tx.commit();
            commit.stop(commitTimer);
        } catch (RuntimeException e) {
            // The journal may hold these events now; they were never acknowledged, and replay applies them
            // on the next start, so the caller sees a failure and the data stays consistent either way.
            safeRollback(tx);
            group.forEach(pending -> pending.done.completeExceptionally(e));
            throw new ApplianceException("Could not make a group of " + group.size() + " changes durable: " + e.getMessage(), e);
        }
        ownSeq = seq;
        eventsCounter.increment(accepted.size());
        rejectedCounter.increment(rejected.size());
        if (!accepted.isEmpty()) {
            groupSizes.record(accepted.size());
        }
        accepted.forEach(entry -> entry.pending.done.complete(entry.event));
        rejected.forEach(pending -> pending.done.completeExceptionally(pending.rejection));
        if (!accepted.isEmpty()) {
            notifyCommitted(accepted.stream().map(Accepted::event).toList());
        }
        return null;
    }

    /** Tells the listeners after the acknowledgements, so a slow listener never delays a desk's answer. */
    private void notifyCommitted(List<Event> events) {
        for (CommitListener listener : listeners) {
            try {
                listener.committed(events);
            } catch (RuntimeException e) {
                Logger.error(e, "Commit listener {} failed; the {} events are committed all the same", listener, events.size());
            }
        }
    }

    private static void safeRollback(DbTransaction tx) {
        try {
            tx.rollback();
        } catch (RuntimeException e) {
            Logger.warn(e, "Rollback after a failed group also failed");
        }
    }

    /** Stops taking changes, writes those already queued, and stops the writer. */
    @Override
    public void close() {
        running = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Pending {
        private final Change change;
        private final CompletableFuture<Event> done;
        private RejectedChange rejection;

        private Pending(Change change, CompletableFuture<Event> done) {
            this.change = change;
            this.done = done;
        }
    }

    private record Accepted(Pending pending, Event event) {
    }
}
