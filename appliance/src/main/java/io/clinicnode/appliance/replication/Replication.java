package io.clinicnode.appliance.replication;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.CommitListener;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.Membership;

import io.helidon.dbclient.DbClient;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * This node's part in replication, once it is in a cluster:
 * <ul>
 *     <li>as leader (the view's coordinator) it takes the changes the other members forward, writes them as its own
 *     events (one order for the whole clinic), and after each group commit sends its new events to every member;</li>
 *     <li>as any member it applies the events the leader sends, in the leader's order, and answers the others'
 *     "how far are you" and "send me origin X from N" questions from its own journal;</li>
 *     <li>after every view change it catches up with the others ({@link CatchUp}) before, as leader, it orders
 *     anything new.</li>
 * </ul>
 * The node's HTTP services write through {@link #writer()}, which forwards to the leader when this node is not it.
 * Messages are versioned ({@link EventCodec}): a member is written to in the newest version it reads
 * ({@link PeerVersions}), and a message of a newer version than this node reads is refused with a sentence in the
 * log, and for a question, an {@link Messages#UNREADABLE} answer.
 *
 * <p>Thread-safe.
 */
public final class Replication implements CommitListener, AutoCloseable {
    /** The newest node-to-node message format this release writes and reads (it reads every older one). */
    public static final int MESSAGE_FORMAT = EventCodec.VERSION;
    /** How long the leader waits for its catch-up before it answers a forwarded change with "not now". */
    private static final Duration LEADER_READY_WAIT = Duration.ofSeconds(4);
    /**
     * The cluster address attribute that says which replication format this node reads; give it with
     * {@link #VERSION_ATTRIBUTE_VALUE} when joining, so that members of other versions write to it what it reads.
     */
    public static final String VERSION_ATTRIBUTE = PeerVersions.ATTRIBUTE;
    public static final String VERSION_ATTRIBUTE_VALUE = Integer.toString(EventCodec.VERSION);

    private final NodeIdentity identity;
    private final WritePath writes;
    private final JournalSource source;
    private final CatchUp catchUp;
    private final ReplicatedWrites writer;
    /** Refusals already logged (sender and sentence): a newer leader's every message would repeat them. */
    private final Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
    private volatile ClusterChannel channel;

    public Replication(NodeIdentity identity, WritePath writes, Journal journal, DbClient db) {
        this.identity = identity;
        this.writes = writes;
        this.source = new JournalSource(journal, db);
        this.catchUp = new CatchUp(writes);
        this.writer = new ReplicatedWrites(this, writes);
        writes.addCommitListener(this);
    }

    /** Starts replicating over {@code cluster} (this node's channel, connected) and catches up with its members. */
    public void attach(ClusterChannel cluster) {
        this.channel = cluster;
        catchUp.attach(cluster);
        cluster.addListener(view -> catchUp.request());
    }

    /** Where this node's HTTP services send changes. */
    public ReplicatedWrites writer() {
        return writer;
    }

    /** The cluster channel, when attached. */
    Optional<ClusterChannel> channel() {
        return Optional.ofNullable(channel);
    }

    /** Waits until the catch-up for the current view has finished; false when it did not within {@code timeout}. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return catchUp.awaitCurrent(timeout);
    }

    /** Asks for a catch-up with the current view's members (it runs in the background). */
    public void requestCatchUp() {
        catchUp.request();
    }

    /** Whether this node has applied events that another node originated (so it has been in a cluster). */
    public boolean holdsOtherMembersEvents() {
        return writes.watermarks().snapshot().keySet().stream().anyMatch(origin -> !origin.equals(identity.nodeId()));
    }

    /** Whether this node has caught up with the current view. */
    public boolean isCaughtUp() {
        return catchUp.isCurrent();
    }

    /** Events this node has fetched from others while catching up, since it started. */
    public long eventsFetched() {
        return catchUp.eventsFetched();
    }

    /** Sends this node's own new events to every member (as leader; also a former leader's last ones). */
    @Override
    public void committed(List<Event> events) {
        ClusterChannel current = channel;
        if (current == null) {
            return;
        }
        List<Event> own = events.stream().filter(event -> event.origin().equals(identity.nodeId())).toList();
        if (own.isEmpty()) {
            return;
        }
        try {
            current.send(EventCodec.writer(Messages.EVENTS, PeerVersions.ofAll(current)).events(own).bytes());
        } catch (RuntimeException e) {
            // The others fetch what they miss when they see the gap or the next view; nothing is lost here.
            Logger.warn("Could not send {} events to the cluster: {}", own.size(), e.getMessage());
        }
    }

    /** A one-way message from another member (the leader's events). Called in the sender's order. */
    public void onMessage(String sender, byte[] message) {
        List<Event> events;
        try {
            EventCodec.Reader reader = EventCodec.reader(message);
            if (reader.kind() != Messages.EVENTS) {
                Logger.warn("Ignored a replication message of kind {} from {}", (char) reader.kind(), sender);
                return;
            }
            if (writes.stopped().isPresent()) {
                // This node takes nothing until it is restarted (its log and health said why, once); asking for a
                // catch-up on every message of the leader would only fill the log.
                return;
            }
            events = reader.events();
        } catch (IncompatibleMessage e) {
            // Catching up would fetch the same events again: this node waits for its upgrade.
            logRefusal(sender, e);
            return;
        }
        writes.submitFacts(events).whenComplete((result, failure) -> {
            if (failure != null) {
                Logger.warn("Could not apply events from {}: {}", sender, failure.getMessage());
                catchUp.request();
            } else if (!result.gaps().isEmpty()) {
                catchUp.request();
            }
        });
    }

    /**
     * Whether {@code request} is one of replication's questions: a message with a version (of any kind, so that one of
     * a newer version is answered with {@link Messages#UNREADABLE}), or a version-1 question by its first byte.
     */
    public static boolean handles(byte[] request) {
        if (EventCodec.isVersioned(request)) {
            return true;
        }
        if (request.length == 0) {
            return false;
        }
        byte kind = request[0];
        return kind == Messages.FORWARD || kind == Messages.PROGRESS || kind == Messages.FETCH;
    }

    /** Answers another member's replication question, in the question's version; on a virtual thread of its own. */
    public byte[] answer(String sender, byte[] request) {
        EventCodec.Reader reader;
        try {
            reader = EventCodec.reader(request);
        } catch (IncompatibleMessage e) {
            logRefusal(sender, e);
            return EventCodec.writer(Messages.UNREADABLE, EventCodec.VERSION).string(e.getMessage())
                    .number(EventCodec.VERSION).bytes();
        }
        int version = reader.version();
        return switch (reader.kind()) {
            case Messages.PROGRESS -> EventCodec.writer(Messages.POSITIONS, version).positions(writes.watermarks().snapshot()).bytes();
            case Messages.FETCH -> {
                String origin = reader.string();
                long from = reader.number();
                int max = (int) Math.min(reader.number(), 10_000);
                yield EventCodec.writer(Messages.EVENTS, version).events(source.read(origin, from, max)).bytes();
            }
            case Messages.FORWARD -> takeForwarded(sender, reader);
            default -> null;
        };
    }

    /** Logs a refused message once per sender and sentence: a newer leader sends many, and the cure is one upgrade. */
    private void logRefusal(String sender, IncompatibleMessage refusal) {
        if (refusalsLogged.add(sender + ' ' + refusal.getMessage())) {
            Logger.error("Refused a replication message from {}: {}", sender, refusal.getMessage());
        }
    }

    /** As leader, writes a change another member forwarded and answers with its event or the refusal. */
    private byte[] takeForwarded(String sender, EventCodec.Reader reader) {
        int version = reader.version();
        Change change = new Change(reader.string(), reader.string(), reader.string(), parse(reader.string()));
        boolean resent = reader.hasMore() && reader.number() == ReplicatedWrites.RESENT;
        ClusterChannel current = channel;
        try {
            if (current == null || !current.isLeader() || !catchUp.awaitCurrent(LEADER_READY_WAIT)) {
                return EventCodec.writer(Messages.NOT_NOW, version).bytes();
            }
            Event event = writes.write(change);
            return EventCodec.writer(Messages.ACCEPTED, version).event(event).bytes();
        } catch (RejectedChange e) {
            // A change sent again because the leader it went to left before answering: that leader may have written
            // it, and this node has its event, so the refusal is of the change by itself. The desk gets the answer
            // the first attempt would have given.
            Optional<Event> first = resent ? writes.recentlyWritten(change) : Optional.empty();
            if (first.isPresent()) {
                return EventCodec.writer(Messages.ACCEPTED, version).event(first.get()).bytes();
            }
            // The code comes last: a member of an older version reads the message and ignores what follows.
            return EventCodec.writer(Messages.REJECTED, version).string(e.reason().name())
                    .string(e.field() == null ? "" : e.field()).string(e.getMessage())
                    .string(e.code() == null ? "" : e.code()).bytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EventCodec.writer(Messages.NOT_NOW, version).bytes();
        } catch (RuntimeException e) {
            Logger.error(e, "Could not write a change forwarded by {}", sender);
            return EventCodec.writer(Messages.FAILED, version).string(e.getMessage() == null ? e.toString() : e.getMessage()).bytes();
        }
    }

    /** The current view, or this node alone. */
    Membership membership() {
        ClusterChannel current = channel;
        return current == null ? Membership.standalone(identity.nodeId()) : current.membership();
    }

    private static JsonObject parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Override
    public void close() {
        catchUp.close();
    }
}
