package io.clinicnode.appliance.write;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

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
 * <p>The same writer also takes events that are already facts, from the cluster's leader or from a node this one
 * catches up from ({@link #submitFacts}): they go through the same group, journal sync and commit, unchanged
 * (same origin, sequence and clock), in the order they were submitted, so each node's journal holds every event of
 * the clinic and the projection applies them in one order.
 *
 * <p>Thread-safe: any thread may call {@link #write}.
 */
public final class WritePath implements ChangeWriter, AutoCloseable {
    private static final int MAX_GROUP = 512;
    /** Recent events remembered by what made them, for a change sent again after its leader left (see recentlyWritten). */
    private static final int RECENT_EVENTS = 4096;

    private final Journal journal;
    private final Projection projection;
    private final DbClient db;
    private final NodeIdentity identity;
    private final HybridLogicalClock clock;
    private final Clock wallClock = Clock.systemUTC();
    private final AppliedWatermarks watermarks;
    private final BlockingQueue<Work> waiting = new LinkedBlockingQueue<>();
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();
    /**
     * The last {@value #RECENT_EVENTS} changes applied here, by type, key and actor; guarded by itself. Views and
     * searches are left out: a busy desk's searches would push the creations a re-sent change looks for out within
     * minutes.
     */
    private final Map<String, Event> recent = new LinkedHashMap<>(RECENT_EVENTS * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
            return size() > RECENT_EVENTS;
        }
    };
    private final Thread writer;
    private final Counter eventsCounter;
    private final Counter rejectedCounter;
    private final Counter conflictCounter;
    private final DistributionSummary groupSizes;
    private final Timer syncTimer;
    private final Timer commitTimer;
    private volatile boolean running = true;
    /** Set once a group could not be made durable: from then on nothing is written until the node restarts. */
    private volatile WriterStopped stopped;
    private long ownSeq;

    public WritePath(Journal journal, Projection projection, DbClient db, NodeIdentity identity,
                     HybridLogicalClock clock, MeterRegistry meters) {
        this.journal = journal;
        this.projection = projection;
        this.db = db;
        this.identity = identity;
        this.clock = clock;
        this.eventsCounter = Counter.builder("clinicnode.journal.events")
                .description("Events appended to the journal and applied")
                .register(meters);
        this.rejectedCounter = Counter.builder("clinicnode.writes.rejected")
                .description("Changes refused by the data (conflict, unknown record, rule)")
                .register(meters);
        this.conflictCounter = Counter.builder("clinicnode.replication.conflicts")
                .description("Events from other nodes kept but refused by this node's data (listed for a human)")
                .register(meters);
        this.groupSizes = DistributionSummary.builder("clinicnode.journal.group.size")
                .description("Events made durable by one journal sync (group commit)")
                .register(meters);
        this.syncTimer = Timer.builder("clinicnode.journal.sync")
                .description("Time to force one group of journal appends to disk")
                .register(meters);
        this.commitTimer = Timer.builder("clinicnode.db.commit")
                .description("Time to commit one group's H2 transaction")
                .register(meters);
        this.watermarks = new AppliedWatermarks(Projection.appliedSeqs(db.execute()));
        this.ownSeq = watermarks.applied(identity.nodeId());
        this.writer = Thread.ofPlatform().name("journal-writer").start(this::run);
    }

    /**
     * Makes {@code change} durable and applied as an event of this node, then returns it. Blocks until then.
     *
     * @throws RejectedChange when the clinic's data refuses it (nothing was written)
     */
    @Override
    public Event write(Change change) {
        return await(submit(change));
    }

    /** Queues {@code change}; the future completes once it is durable and applied. */
    public CompletableFuture<Event> submit(Change change) {
        if (stopped != null) {
            return CompletableFuture.failedFuture(stopped);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new ApplianceException("The node is shutting down; retry on another node"));
        }
        Pending pending = new Pending(change, new CompletableFuture<>());
        waiting.add(pending);
        return pending.done;
    }

    /**
     * Queues events that are already facts (made by another node, or by this one before its data was lost), to be
     * journaled and applied unchanged in the given order. The future completes once they are durable and applied,
     * with what became of them: an event whose origin's earlier events are missing here is a gap and is left out.
     */
    public CompletableFuture<FactsResult> submitFacts(List<Event> events) {
        if (stopped != null) {
            return CompletableFuture.failedFuture(stopped);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new ApplianceException("The node is shutting down"));
        }
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(new FactsResult(0, Map.of()));
        }
        Facts facts = new Facts(List.copyOf(events), new CompletableFuture<>());
        waiting.add(facts);
        return facts.done;
    }

    /**
     * What became of a batch of facts.
     *
     * @param taken events now part of this node's history (applied, or kept as conflicts)
     * @param gaps  for each origin whose events could not be taken because earlier ones are missing, the highest
     *              sequence this node holds
     */
    public record FactsResult(int taken, Map<String, Long> gaps) {
    }

    /**
     * Runs {@code task} on the writer thread between two groups, so that nothing is journaled or applied while it runs:
     * the database and the journal stand still at the same position (a backup's snapshot). Keep it short, since every
     * change waits for it.
     */
    public <T> CompletableFuture<T> runBetweenGroups(java.util.function.Supplier<T> task) {
        if (stopped != null) {
            return CompletableFuture.failedFuture(stopped);
        }
        if (!running) {
            return CompletableFuture.failedFuture(new ApplianceException("The node is shutting down"));
        }
        Exclusive<T> exclusive = new Exclusive<>(task, new CompletableFuture<>());
        waiting.add(exclusive);
        return exclusive.done;
    }

    /** Adds a listener told of every group of events after it commits (see {@link CommitListener}). */
    public void addCommitListener(CommitListener listener) {
        listeners.add(listener);
    }

    /** How far each origin's events are applied here. */
    public AppliedWatermarks watermarks() {
        return watermarks;
    }

    /** Why this writer stopped taking changes (see {@link WriterStopped}); empty while it works. */
    public Optional<WriterStopped> stopped() {
        return Optional.ofNullable(stopped);
    }

    /**
     * The event a change of this type, record and user made here lately (written here or received from another node),
     * if any. Record ids are chosen before a change is sent, so a re-sent creation whose id is taken finds its own
     * first attempt here; the caller decides when asking makes sense.
     */
    public Optional<Event> recentlyWritten(Change change) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(recentKey(change.type(), change.key(), change.actor())));
        }
    }

    private static String recentKey(String type, String key, String actor) {
        return type + '\u0000' + key + '\u0000' + actor;
    }

    /** Changes waiting for the writer right now. */
    public int backlog() {
        return waiting.size();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
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

    private void run() {
        List<Work> group = new ArrayList<>(MAX_GROUP);
        while (running || !waiting.isEmpty()) {
            try {
                Work first = waiting.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                writeInOrder(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (WriterStopped e) {
                group.forEach(work -> work.fail(e));
            } catch (RuntimeException e) {
                Logger.error(e, "Journal writer failed a group of {} changes", group.size());
                group.forEach(work -> work.fail(e));
            } finally {
                group.clear();
            }
            if (stopped != null) {
                failWaiting();
            }
        }
    }

    /** After a stop, whatever is still queued (or arrives in a race with the stop) fails with the stop's reason. */
    private void failWaiting() {
        List<Work> left = new ArrayList<>();
        waiting.drainTo(left);
        left.forEach(work -> work.fail(stopped));
    }

    /** Writes the changes and facts in groups, running each task queued between them where it was queued. */
    private void writeInOrder(List<Work> items) {
        List<Work> batch = new ArrayList<>(items.size());
        for (Work work : items) {
            if (work instanceof Exclusive<?> exclusive) {
                if (!batch.isEmpty()) {
                    writeGroup(batch);
                    batch.clear();
                }
                exclusive.run();
            } else {
                batch.add(work);
            }
        }
        if (!batch.isEmpty()) {
            writeGroup(batch);
        }
    }

    /**
     * Writes one group. An unexpected failure applying one item rolls the transaction back; the group is then
     * written again without it (nothing was journaled yet), so one bad change never fails the others.
     */
    private void writeGroup(List<Work> group) {
        List<Work> remaining = new ArrayList<>(group);
        while (!remaining.isEmpty()) {
            Work failed = tryWriteGroup(remaining);
            if (failed == null) {
                return;
            }
            remaining.remove(failed);
        }
    }

    /** @return the item that failed unexpectedly (the transaction was rolled back), or null on success */
    private Work tryWriteGroup(List<Work> group) {
        DbTransaction tx = db.transaction();
        GroupState state = new GroupState(ownSeq);
        for (Work work : group) {
            try {
                switch (work) {
                    case Pending pending -> applyChange(pending, tx, state);
                    case Facts facts -> applyFacts(facts, tx, state);
                    case Exclusive<?> exclusive -> throw new IllegalStateException("A task is never part of a group");
                }
            } catch (RuntimeException e) {
                tx.rollback();
                Logger.error(e, "{} failed; writing the rest of its group without it", work);
                work.fail(e);
                return work;
            }
        }
        try {
            if (!state.journaled.isEmpty()) {
                for (Event event : state.journaled) {
                    long index = journal.append(event);
                    JournalMarks.record(tx, event, index);
                    state.lastIndex = index;
                }
                Timer.Sample sync = Timer.start();
                journal.sync();
                sync.stop(syncTimer);
                tx.dml("UPDATE journal_position SET journal_index = ? WHERE id = 1", state.lastIndex);
            }
            Timer.Sample commit = Timer.start();
            tx.commit();
            commit.stop(commitTimer);
        } catch (RuntimeException e) {
            // The journal may hold these events now, under sequence numbers this writer has not counted: writing on
            // would hand them out again, and catch-up and the sync agent could serve the never-acknowledged event in
            // place of the real one. So the writer stops (fail-stop); a restart replays the journal, applies what it
            // holds, and continues the sequence after it. None of these changes was acknowledged.
            safeRollback(tx);
            WriterStopped stop = new WriterStopped("This node stopped taking changes: it could not make a group of "
                    + group.size() + " changes durable (" + e.getMessage() + "). Use another node; a technician must"
                    + " free the disk or fix the database and restart this node.", e);
            stopped = stop;
            Logger.error(e, "Journal writer stopped: a group of {} changes could not be made durable; no change is taken"
                    + " until the node restarts and replays its journal", group.size());
            group.forEach(work -> work.fail(stop));
            throw stop;
        }
        ownSeq = state.ownSeq;
        eventsCounter.increment(state.journaled.size());
        rejectedCounter.increment(state.rejected.size());
        conflictCounter.increment(state.conflicts);
        if (!state.journaled.isEmpty()) {
            groupSizes.record(state.journaled.size());
            Map<String, Long> highest = new LinkedHashMap<>();
            state.journaled.forEach(event -> highest.merge(event.origin(), event.originSeq(), Math::max));
            highest.forEach(watermarks::advance);
            synchronized (recent) {
                state.journaled.stream().filter(event -> !event.recordsAccessOnly())
                        .forEach(event -> recent.put(recentKey(event.type(), event.key(), event.actor()), event));
            }
        }
        state.accepted.forEach(entry -> entry.pending.done.complete(entry.event));
        state.rejected.forEach(pending -> pending.done.completeExceptionally(pending.rejection));
        state.facts.forEach((facts, result) -> facts.done.complete(result));
        if (!state.journaled.isEmpty()) {
            notifyCommitted(List.copyOf(state.journaled));
        }
        return null;
    }

    private void applyChange(Pending pending, DbTransaction tx, GroupState state) {
        Change change = pending.change;
        Event event = new Event(identity.clinicId(), identity.nodeId(), state.ownSeq + 1, clock.now(),
                change.type(), change.key(), change.actor(), change.payload().toString());
        try {
            Event journaled = projection.apply(event, tx).orElseThrow();
            state.accepted.add(new Accepted(pending, journaled));
            state.journaled.add(journaled);
            state.ownSeq++;
        } catch (RejectedChange e) {
            pending.rejection = e;
            state.rejected.add(pending);
        }
    }

    private void applyFacts(Facts facts, DbTransaction tx, GroupState state) {
        int taken = 0;
        Map<String, Long> gaps = new LinkedHashMap<>();
        for (Event event : facts.events) {
            if (!event.clinic().equals(identity.clinicId())) {
                throw new ApplianceException("Refused an event of clinic '" + event.clinic() + "' from origin " + event.origin()
                        + "; this node serves clinic '" + identity.clinicId() + "'");
            }
            if (gaps.containsKey(event.origin())) {
                continue;
            }
            Projection.FactOutcome outcome = projection.applyFact(event, tx, wallClock.instant());
            if (outcome == Projection.FactOutcome.GAP) {
                gaps.put(event.origin(), Projection.appliedSeq(tx, event.origin()));
                continue;
            }
            if (outcome.taken()) {
                clock.observe(event.hlc());
                state.journaled.add(event);
                taken++;
                if (event.origin().equals(identity.nodeId())) {
                    // This node's own events coming back (its data directory was restored from an older backup).
                    state.ownSeq = Math.max(state.ownSeq, event.originSeq());
                }
            }
            if (outcome == Projection.FactOutcome.CONFLICT) {
                state.conflicts++;
                Logger.warn("Kept event {}:{} ({} on {}) as a replication conflict: the data here refused it",
                        event.origin(), event.originSeq(), event.type(), event.key());
            }
        }
        state.facts.put(facts, new FactsResult(taken, gaps));
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

    /** An item waiting for the writer. */
    private sealed interface Work permits Pending, Facts, Exclusive {
        void fail(Throwable failure);
    }

    private static final class Pending implements Work {
        private final Change change;
        private final CompletableFuture<Event> done;
        private RejectedChange rejection;

        private Pending(Change change, CompletableFuture<Event> done) {
            this.change = change;
            this.done = done;
        }

        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public String toString() {
            return "Change " + change.type() + " on " + change.key();
        }
    }

    private record Facts(List<Event> events, CompletableFuture<FactsResult> done) implements Work {
        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public String toString() {
            Event first = events.getFirst();
            return events.size() + " events from " + first.origin() + " starting at " + first.originSeq();
        }
    }

    /** A task run alone on the writer thread (see {@link #runBetweenGroups}). */
    private record Exclusive<T>(java.util.function.Supplier<T> task, CompletableFuture<T> done) implements Work {
        void run() {
            try {
                done.complete(task.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void fail(Throwable failure) {
            done.completeExceptionally(failure);
        }

        @Override
        public String toString() {
            return "A task between groups";
        }
    }

    private record Accepted(Pending pending, Event event) {
    }

    /** What one group has done so far, inside its transaction. */
    private static final class GroupState {
        private final List<Accepted> accepted = new ArrayList<>();
        private final List<Pending> rejected = new ArrayList<>();
        private final List<Event> journaled = new ArrayList<>();
        private final Map<Facts, FactsResult> facts = new LinkedHashMap<>();
        private long ownSeq;
        private long lastIndex;
        private int conflicts;

        private GroupState(long ownSeq) {
            this.ownSeq = ownSeq;
        }
    }
}
