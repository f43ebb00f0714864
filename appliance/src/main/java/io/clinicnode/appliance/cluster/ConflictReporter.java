package io.clinicnode.appliance.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.ChangeWriter;
import io.clinicnode.appliance.write.CommitListener;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WriterStopped;

import org.tinylog.Logger;

/**
 * Journals every conflict this node lists as a {@code conflict.<kind>} event ({@link ConflictReports}), so that the
 * sync agent ships it to central. Conflicts come only from facts (events of other origins, or the journal replayed at
 * start), so a sweep runs at start and shortly after each commit that held a fact; commits of this node's own changes
 * (a leader's normal work) cost nothing.
 *
 * <p>Every node sweeps, because some conflicts are recorded only by the nodes that met the events in one order
 * ({@code SUPERSEDED}, {@code REFUSED}). Reports go through the node's {@link ChangeWriter}, so in a cluster the leader
 * orders them: the first report of a conflict is journaled, later ones (from other nodes, or this one before the first
 * reached it) are refused and dropped here. A report that could not be made (no leader for the moment, the writer
 * stopped) is tried again by a sweep {@link #RETRY_AFTER} later.
 *
 * <p>Thread-safe: one thread of its own sweeps; {@link #committed} only schedules.
 */
public final class ConflictReporter implements CommitListener, AutoCloseable {
    /** Facts arrive in bursts after a heal: one sweep after the burst rather than one per commit. */
    private static final Duration SETTLE = Duration.ofMillis(200);
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    private static final int BATCH = 100;

    private final ConflictQueries conflicts;
    private final ChangeWriter changes;
    private final String nodeId;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("conflict-reporter").daemon().factory());
    private final AtomicBoolean scheduled = new AtomicBoolean();

    /**
     * @param changes where the reports go: the node's writer, which forwards to the cluster's leader
     * @param nodeId  this node's id: commits of only its own events hold no new conflict
     */
    public ConflictReporter(ConflictQueries conflicts, ChangeWriter changes, String nodeId) {
        this.conflicts = conflicts;
        this.changes = changes;
        this.nodeId = nodeId;
    }

    /** Sweeps once now (conflicts found before this node served, or reports a previous run could not make). */
    public ConflictReporter start() {
        schedule(Duration.ZERO);
        return this;
    }

    @Override
    public void committed(List<Event> events) {
        if (events.stream().anyMatch(event -> !event.origin().equals(nodeId))) {
            schedule(SETTLE);
        }
    }

    private void schedule(Duration delay) {
        if (scheduled.compareAndSet(false, true)) {
            try {
                sweeper.schedule(this::sweepScheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Closed: the node is stopping; the next start sweeps.
                scheduled.set(false);
            }
        }
    }

    private void sweepScheduled() {
        // Cleared before reading, so a commit during the sweep schedules the next one.
        scheduled.set(false);
        try {
            sweep();
        } catch (WriterStopped e) {
            // Nothing is written here until a restart, whose first sweep reports what is left.
            Logger.warn("Conflicts are not reported while this node's writer is stopped");
        } catch (RuntimeException e) {
            Logger.warn("Could not report conflicts to the cluster's journal yet ({}); trying again in {} s", e.getMessage(),
                    RETRY_AFTER.toSeconds());
            schedule(RETRY_AFTER);
        }
    }

    /**
     * Reports every conflict listed here and not reported yet.
     *
     * @return how many reports this sweep journaled
     * @throws RuntimeException when a report could not be made (nothing is lost: the conflict stays unreported)
     */
    int sweep() {
        int journaled = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<ConflictQueries.Unreported> batch = conflicts.unreported(BATCH);
            int before = journaled;
            for (ConflictQueries.Unreported conflict : batch) {
                try {
                    changes.write(ConflictReports.change(conflict));
                    journaled++;
                } catch (RejectedChange e) {
                    // Reported already by another node: that report reaches this node as a fact.
                    Logger.debug("Conflict {} was reported already", conflict.id());
                }
            }
            if (batch.size() < BATCH || journaled == before) {
                return journaled;
            }
        }
        return journaled;
    }

    /** Stops sweeping; a report under way is abandoned (its conflict stays unreported until the next start). */
    @Override
    public void close() {
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
