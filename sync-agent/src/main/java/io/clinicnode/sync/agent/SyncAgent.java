package io.clinicnode.sync.agent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.NodeExtension;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.Membership;
import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;

import io.helidon.health.HealthCheck;

import org.tinylog.Logger;

/**
 * The sync agent: on the clinic's leader, tails the journal and writes every durable event to central PostgreSQL,
 * exactly once and in per-origin order (see {@link BatchWriter}). It ships on commit — the write path wakes it —
 * so there is no polling period; a backlog goes in batches of up to {@link SyncSettings#maxBatchEvents} events.
 *
 * <p>With central unreachable the node works on and events wait in the journal (store and forward); the agent
 * retries behind a {@link CircuitBreaker}, says why it is not syncing in {@link #status()}, health and metrics, and
 * resumes by itself. An event central cannot take is retried {@link SyncSettings#maxAttempts} times, then parked in
 * central's dead letters with its error, and the events after it go on.
 *
 * <p>Thread-safe: one thread of its own does the work; the listeners only wake it.
 */
public final class SyncAgent implements NodeExtension {
    /** Told of every committed batch; for benches and tests. Called on the agent's thread. */
    @FunctionalInterface
    public interface ShippedListener {
        void shipped(List<Event> events, long committedAtMillis);
    }

    private final SyncSettings settings;
    private final CentralTarget target;
    private final BatchWriter writer;
    private final String version;
    private final LagStats lag = new LagStats();
    private final Map<String, Attempts> attempts = new HashMap<>();
    private final List<ShippedListener> shippedListeners = new CopyOnWriteArrayList<>();
    private final CircuitBreaker breaker;
    private final SyncMetrics metrics;

    private volatile Node node;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean leader;
    private volatile List<String> members = List.of();
    private volatile SyncStatus status = SyncStatus.starting();
    /** Journal index up to which every entry is at central (shipped, skipped or parked). */
    private volatile long checkpoint;
    private volatile long oldestWaitingMillis;
    private volatile long shippedTotal;
    private volatile long deadLettersTotal;
    /** The last reason syncing failed, with its time; kept after recovery so that central learns of outages. */
    private volatile String lastError;
    /** Whether {@link #lastError} still holds: set on a failure, cleared once the backlog is shipped again. */
    private volatile boolean errorOpen;

    private Connection connection;
    private Journal.Cursor cursor;
    private List<Journal.Entry> pending;
    /** Marks central confirmed to this agent: central having less later means it lost data. */
    private Map<String, BatchWriter.Mark> confirmed = new HashMap<>();
    private long lastHeartbeatNanos;

    public SyncAgent(SyncSettings settings) {
        this.settings = settings;
        this.target = settings.target();
        this.writer = new BatchWriter(settings.credentials().clinicId());
        this.version = version();
        this.breaker = new CircuitBreaker(settings.breakerThreshold(), settings.retryBase(), settings.retryMax());
        this.metrics = new SyncMetrics(this);
    }

    private static String version() {
        String implementation = SyncAgent.class.getPackage().getImplementationVersion();
        return implementation == null ? "0.1.0" : implementation;
    }

    @Override
    public List<HealthCheck> healthChecks() {
        return List.of(new SyncHealthCheck(this));
    }

    @Override
    public void start(Node node) {
        String clinic = node.identity().clinicId();
        if (!clinic.equals(settings.credentials().clinicId())) {
            throw new SyncException("This node serves clinic '" + clinic + "' but its central credentials are for clinic '"
                    + settings.credentials().clinicId() + "'. Use the credentials central-add-clinic made for " + clinic + ".");
        }
        this.node = node;
        this.running = true;
        node.writes().addCommitListener(events -> wake());
        node.cluster().ifPresentOrElse(channel -> channel.addListener(this::onView), () -> {
            leader = true;
            members = List.of(node.identity().nodeId());
        });
        thread = Thread.ofPlatform().name("sync-agent").daemon(true).start(this::run);
        metrics.register(node.meters());
        Logger.info("Sync agent of clinic {} ships to {} when this node leads", clinic, target.displayUrl());
    }

    private void onView(Membership membership) {
        boolean was = leader;
        members = membership.members();
        leader = membership.isLeader();
        if (leader != was) {
            Logger.info("Sync agent: this node {} the clinic's leader", leader ? "is now" : "is no longer");
        }
        wake();
    }

    /** Adds a listener told of every committed batch (benches measure lag with it). */
    public void addShippedListener(ShippedListener listener) {
        shippedListeners.add(listener);
    }

    private void wake() {
        Thread worker = thread;
        if (worker != null) {
            LockSupport.unpark(worker);
        }
    }

    private void run() {
        try (Journal.Cursor journalCursor = node.journal().cursor(0)) {
            cursor = journalCursor;
            boolean wasLeader = false;
            while (running) {
                if (!leader) {
                    if (wasLeader) {
                        disconnect();
                    }
                    wasLeader = false;
                    status = status.standby();
                    LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
                    continue;
                }
                if (!wasLeader) {
                    // Another node may have shipped while this one followed: central's marks decide what is left;
                    // what was read but not shipped before is read again.
                    wasLeader = true;
                    pending = null;
                    cursor.rewind(checkpoint);
                }
                step();
            }
        } catch (RuntimeException | Error e) {
            Logger.error(e, "The sync agent stopped unexpectedly; restart the node to resume syncing");
            status = status.failing(FailureKind.OTHER, e.toString(), breaker.state().label());
        } finally {
            disconnect();
        }
    }

    /** One round: connect if needed, read a batch, write it; on failure wait as the breaker says. */
    private void step() {
        try {
            breaker.beforeCall();
            if (connection == null) {
                connect();
            }
            if (pending == null) {
                pending = readBatch();
            }
            if (pending.isEmpty()) {
                pending = null;
                status = status.inSync(breaker.state().label());
                if (System.nanoTime() - lastHeartbeatNanos >= settings.heartbeatInterval().toNanos()) {
                    writer.heartbeat(connection, heartbeats(checkpoint));
                    lastHeartbeatNanos = System.nanoTime();
                }
                breaker.onSuccess();
                waitForWork(settings.heartbeatInterval());
                return;
            }
            ship(pending);
            pending = null;
            breaker.onSuccess();
        } catch (SQLException | RuntimeException e) {
            if (FailureKind.isBadData(e) && connection != null && pending != null) {
                isolate(pending);
                pending = null;
                return;
            }
            fail(e);
        }
    }

    private void connect() throws SQLException {
        Connection opened = target.connect("clinicnode sync " + settings.credentials().clinicId(),
                (int) settings.statementTimeout().toSeconds());
        try {
            opened.setAutoCommit(false);
            try (PreparedStatement query = opened.prepareStatement("SELECT current_clinic(), schema_version()");
                 ResultSet row = query.executeQuery()) {
                row.next();
                String clinic = row.getString(1);
                int schema = row.getInt(2);
                if (!settings.credentials().clinicId().equals(clinic)) {
                    throw new SQLException("The central login " + target.user().orElse("?") + " belongs to "
                            + (clinic == null ? "no clinic" : "clinic '" + clinic + "'") + ", not '"
                            + settings.credentials().clinicId() + "'", "28000");
                }
                if (schema < CentralSchema.REQUIRED_VERSION) {
                    throw new SQLException("Central's schema is at version " + schema + "; this node needs "
                            + CentralSchema.REQUIRED_VERSION + ". Run `clinicnode central-init` at central", "3F000");
                }
            }
            Map<String, BatchWriter.Mark> marks = writer.marks(opened);
            if (confirmed.entrySet().stream().anyMatch(mark -> marks.getOrDefault(mark.getKey(), new BatchWriter.Mark(0, 0)).seq()
                    < mark.getValue().seq())) {
                // Central was restored from an older backup: send everything again, its marks skip what it has.
                Logger.warn("Central holds less of clinic {} than it confirmed before (restored from a backup?);"
                        + " re-reading the journal from the start", settings.credentials().clinicId());
                cursor.rewind(0);
                checkpoint = 0;
                pending = null;
            }
            confirmed = new HashMap<>(marks);
            connection = opened;
            lastHeartbeatNanos = 0;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
    }

    /** Reads the next durable entries after the checkpoint, up to the batch limits. */
    private List<Journal.Entry> readBatch() {
        Journal journal = node.journal();
        long durable = journal.durableIndex();
        List<Journal.Entry> batch = new ArrayList<>();
        long bytes = 0;
        while (batch.size() < settings.maxBatchEvents() && bytes < settings.maxBatchBytes()) {
            Journal.Entry entry = cursor.next(durable);
            if (entry == null) {
                break;
            }
            batch.add(entry);
            bytes += entry.event().payload().length() + 128;
        }
        oldestWaitingMillis = batch.isEmpty() ? 0 : HybridLogicalClock.physicalMillis(batch.getFirst().event().hlc());
        return batch;
    }

    private void ship(List<Journal.Entry> batch) throws SQLException {
        BatchWriter.LagMinute minute = lag.hasData()
                ? new BatchWriter.LagMinute(lag.minuteMillis(), lag.p99(), lag.max(), lag.unsent(), backlogEvents()) : null;
        List<BatchWriter.Heartbeat> beats = System.nanoTime() - lastHeartbeatNanos >= TimeUnit.SECONDS.toNanos(1)
                ? heartbeats(batch.getLast().index()) : List.of();
        BatchWriter.Result result = writer.write(connection, batch, beats, minute);
        long committedAt = System.currentTimeMillis();
        if (!beats.isEmpty()) {
            lastHeartbeatNanos = System.nanoTime();
        }
        if (minute != null) {
            lag.sent(minute.shipped());
        }
        confirmed = new HashMap<>(result.marks());
        for (Event event : result.shipped()) {
            double lagMillis = committedAt - HybridLogicalClock.physicalMillis(event.hlc());
            lag.record(committedAt, lagMillis);
            metrics.lag(lagMillis);
        }
        shippedTotal += result.shipped().size();
        metrics.shipped(result.shipped().size());
        if (result.lastIndex() >= 0) {
            checkpoint = result.lastIndex();
        }
        status = status.syncing(breaker.state().label(), Instant.ofEpochMilli(committedAt));
        for (ShippedListener listener : shippedListeners) {
            listener.shipped(result.shipped(), committedAt);
        }
        if (result.gap() != null) {
            Event gap = result.gap();
            throw new GapException("The journal holds " + EventRows.describe(gap) + " but not the events of origin "
                    + gap.origin() + " between central's mark " + result.marks().getOrDefault(gap.origin(),
                    new BatchWriter.Mark(0, 0)).seq() + " and it; waiting for them to replicate here");
        }
    }

    /**
     * A batch central refused for its data: ships its events one at a time, so that only the bad one waits; it is
     * retried (after a short delay, on the next round) and parked in the dead letters after its last attempt.
     */
    private void isolate(List<Journal.Entry> batch) {
        for (Journal.Entry entry : batch) {
            try {
                ship(List.of(entry));
            } catch (SQLException | RuntimeException e) {
                if (!FailureKind.isBadData(e)) {
                    cursor.rewind(checkpoint);
                    fail(e);
                    return;
                }
                Event event = entry.event();
                String key = event.origin() + ":" + event.originSeq();
                Attempts tried = attempts.computeIfAbsent(key, ignored -> new Attempts(Instant.now()));
                tried.count++;
                String error = errorText(e);
                if (tried.count < settings.maxAttempts()) {
                    Logger.warn("Central refused event {} (attempt {} of {}): {}", EventRows.describe(event), tried.count,
                            settings.maxAttempts(), error);
                    cursor.rewind(checkpoint);
                    status = status.failing(FailureKind.OTHER, "event " + EventRows.describe(event) + ": " + error,
                            breaker.state().label());
                    sleep(settings.retryBase().multipliedBy(tried.count));
                    return;
                }
                try {
                    writer.park(connection, event, error, tried.count, tried.first);
                } catch (SQLException parkFailure) {
                    cursor.rewind(checkpoint);
                    fail(parkFailure);
                    return;
                }
                attempts.remove(key);
                checkpoint = entry.index();
                deadLettersTotal++;
                metrics.parked();
                status = status.parked(EventRows.describe(event) + ": " + error);
                lastError = "parked " + EventRows.describe(event) + ": " + error + " (" + Instant.now() + ")";
                errorOpen = true;
                Logger.error("Parked event {} in central's dead letters after {} attempts: {}", EventRows.describe(event),
                        tried.count, error);
            }
        }
    }

    private void fail(Exception e) {
        FailureKind kind = e instanceof GapException ? FailureKind.GAP : FailureKind.of(e);
        String message = errorText(e);
        boolean firstFailure = status.failure() == null;
        lastError = kind.label() + ": " + message + " (" + Instant.now() + ")";
        errorOpen = true;
        status = status.failing(kind, message, breaker.state().label());
        disconnect();
        pending = null;
        cursor.rewind(checkpoint);
        Duration wait = breaker.onFailure();
        status = status.failing(kind, message, breaker.state().label());
        if (firstFailure) {
            Logger.warn("Not syncing to {} ({}): {}; events wait in the journal, retrying", target.displayUrl(), kind.label(), message);
        } else {
            Logger.debug("Still not syncing ({}): {}; next try in {} ms", kind.label(), message, wait.toMillis());
        }
        sleep(wait);
    }

    private static String errorText(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** This node's heartbeat (backlog as it will be once the journal up to {@code shippedIndex} is at central) and the other members'. */
    private List<BatchWriter.Heartbeat> heartbeats(long shippedIndex) {
        String self = node.identity().nodeId();
        List<BatchWriter.Heartbeat> beats = new ArrayList<>();
        long backlog = node.journal().countBetween(shippedIndex, node.journal().durableIndex());
        if (backlog == 0) {
            // Everything the failure held back is at central with this heartbeat: the error is history now. Should
            // this batch fail after all, fail() opens it again.
            errorOpen = false;
        }
        beats.add(new BatchWriter.Heartbeat(self, version, true, node.journal().sizeOnDisk(), backlog,
                backlog == 0 ? 0 : backlogSeconds(), lastError, errorOpen));
        for (String member : members) {
            if (!member.equals(self)) {
                beats.add(new BatchWriter.Heartbeat(member, null, false, null, 0, 0, null, false));
            }
        }
        return beats;
    }

    private void waitForWork(Duration timeout) {
        if (node.journal().durableIndex() > cursor.position()) {
            return;
        }
        LockSupport.parkNanos(this, timeout.toNanos());
    }

    /** Waits, not woken by commits (a failing central is not knocked at harder when the desk is busy). */
    private void sleep(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private void disconnect() {
        if (connection != null) {
            closeQuietly(connection);
            connection = null;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // closing a broken connection: nothing to do
        }
    }

    /** Events in the journal not yet at central (0 on a node that does not lead). */
    public long backlogEvents() {
        Node current = node;
        if (current == null || !leader) {
            return 0;
        }
        return current.journal().countBetween(checkpoint, current.journal().durableIndex());
    }

    /** How far behind central is: the age of the oldest event not yet there, in seconds. */
    public double backlogSeconds() {
        long oldest = oldestWaitingMillis;
        if (oldest == 0 || backlogEvents() == 0) {
            return 0;
        }
        return Math.max(0, (System.currentTimeMillis() - oldest) / 1000.0);
    }

    public SyncStatus status() {
        return status;
    }

    public boolean leader() {
        return leader;
    }

    public long shippedTotal() {
        return shippedTotal;
    }

    public long deadLettersTotal() {
        return deadLettersTotal;
    }

    @Override
    public void close() {
        running = false;
        Thread worker = thread;
        if (worker != null) {
            LockSupport.unpark(worker);
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        metrics.unregister();
    }

    private static final class Attempts {
        private final Instant first;
        private int count;

        private Attempts(Instant first) {
            this.first = first;
        }
    }

    private static final class GapException extends SyncException {
        private GapException(String message) {
            super(message);
        }
    }

    @Override
    public String toString() {
        return "SyncAgent[clinic=" + settings.credentials().clinicId() + ", central=" + target.displayUrl() + "]";
    }
}
