package io.clinicnode.appliance.replication;

import java.time.Duration;
import java.util.concurrent.ExecutionException;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.Membership;

import org.tinylog.Logger;

/**
 * The {@link ChangeWriter} of a node that may be in a cluster. Alone, or as the leader once caught up, it writes the
 * change itself. Otherwise it forwards the change to the leader, which checks it against the data in the clinic's
 * one order and answers with the event or the refusal; it then waits until that event has been applied here too,
 * so the desk reads its own change back from this node.
 *
 * <p>While the view is changing (the leader just stopped, or is still catching up) it asks again for up to
 * {@link #WRITE_DEADLINE}, the next leader too when the one asked left the view before answering. If the leader
 * stays in the view but does not answer in time, nobody here can tell whether it wrote the change: the desk is told
 * exactly that ({@link ClusterUnavailable}) rather than the change being sent again.
 *
 * <p>The change goes to the leader in the newest format the leader reads ({@link PeerVersions}); a leader of an older
 * release that cannot read it all the same answers {@link Messages#UNREADABLE}, and the desk is told that nothing was
 * saved and which node to upgrade.
 *
 * <p>Thread-safe.
 */
public final class ReplicatedWrites implements ChangeWriter {
    private static final Duration WRITE_DEADLINE = Duration.ofSeconds(5);
    /** The leader's events usually arrive within milliseconds; after this, this node asks for a catch-up. */
    private static final Duration LOCAL_APPLY_NUDGE = Duration.ofSeconds(1);
    private static final Duration LOCAL_APPLY_WAIT = Duration.ofSeconds(10);
    private static final long RETRY_PAUSE_MILLIS = 50;
    /** Appended to a forwarded change that was sent before to a leader that left without answering. */
    static final long RESENT = 1;

    private final Replication replication;
    private final WritePath local;

    ReplicatedWrites(Replication replication, WritePath local) {
        this.replication = replication;
        this.local = local;
    }

    @Override
    public Event write(Change change) {
        long deadline = System.nanoTime() + WRITE_DEADLINE.toNanos();
        boolean sentBefore = false;
        try {
            while (true) {
                ClusterChannel channel = replication.channel().orElse(null);
                if (channel == null) {
                    return local.write(change);
                }
                Membership view = channel.membership();
                if (view.isLeader()) {
                    if (replication.awaitCaughtUp(remaining(deadline))) {
                        return local.write(change);
                    }
                } else {
                    Forwarded forwarded = forward(channel, view.leader(), change, sentBefore, remaining(deadline));
                    if (forwarded.event() != null) {
                        return forwarded.event();
                    }
                    sentBefore |= forwarded.sent();
                }
                if (System.nanoTime() > deadline) {
                    throw new ClusterUnavailable("The clinic's cluster is choosing or catching up a leader and could not take"
                            + " the change within " + WRITE_DEADLINE.toSeconds() + " s. Nothing was saved; try again.");
                }
                Thread.sleep(RETRY_PAUSE_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterUnavailable("Interrupted while waiting for the cluster to take a change.", e);
        }
    }

    /**
     * What one forwarding attempt came to: the event, or none to ask again; {@code sent} when the change reached a
     * leader that left before answering (it may have written it).
     */
    private record Forwarded(Event event, boolean sent) {
        static final Forwarded AGAIN = new Forwarded(null, false);
    }

    /**
     * @param sentBefore whether an earlier attempt reached a leader that left without answering: the new leader then
     *                   answers a refusal caused by that attempt's own event with the event (see Replication)
     */
    private Forwarded forward(ClusterChannel channel, String leader, Change change, boolean sentBefore, Duration timeout)
            throws InterruptedException {
        EventCodec.Writer writer = EventCodec.writer(Messages.FORWARD, PeerVersions.of(channel, leader)).string(change.type())
                .string(change.key()).string(change.actor()).string(change.payload().toString());
        byte[] question = (sentBefore ? writer.number(RESENT) : writer).bytes();
        byte[] answer;
        try {
            answer = channel.ask(leader, question, timeout.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : timeout).get();
        } catch (ExecutionException e) {
            if (!channel.membership().members().contains(leader)) {
                // The leader is gone. Sending the change to the next one is safe: a change carries the id of the
                // record it makes, so if the old leader did write it and brings it back when it rejoins, that copy
                // is refused as a duplicate (and listed as a replication conflict), never applied twice; and if the
                // next leader already has it, it answers with that event rather than refusing the change.
                return new Forwarded(null, true);
            }
            throw new ClusterUnavailable("The clinic's leader node " + leader + " stopped answering while it was taking this change,"
                    + " so it may or may not have been saved. Check the record before saving it again.", e.getCause());
        }
        EventCodec.Reader reader;
        try {
            reader = EventCodec.reader(answer);
        } catch (IncompatibleMessage e) {
            throw unreadable(leader, e);
        }
        return switch (reader.kind()) {
            case Messages.ACCEPTED -> {
                Event event;
                try {
                    event = reader.event();
                } catch (IncompatibleMessage e) {
                    throw unreadable(leader, e);
                }
                // Usually applied here already. The desk reads its change back from this node next (the service
                // answers with the record as stored here), so a lagging node fetches what it misses rather than
                // answer "not found" for a saved change.
                if (!local.watermarks().await(event.origin(), event.originSeq(), LOCAL_APPLY_NUDGE)) {
                    replication.requestCatchUp();
                    local.watermarks().await(event.origin(), event.originSeq(), LOCAL_APPLY_WAIT);
                }
                yield new Forwarded(event, false);
            }
            case Messages.REJECTED -> {
                RejectedChange.Reason reason = RejectedChange.Reason.valueOf(reader.string());
                String field = reader.string();
                String message = reader.string();
                String code = reader.hasMore() ? reader.string() : "";
                throw new RejectedChange(reason, field.isEmpty() ? null : field, message, code.isEmpty() ? null : code);
            }
            case Messages.FAILED -> throw new ClusterUnavailable("The clinic's leader node " + leader
                    + " could not save the change: " + reader.string());
            case Messages.UNREADABLE -> throw new ClusterUnavailable("The clinic's leader node " + leader + " runs an older"
                    + " ClinicNode version and could not read this change, so nothing was saved (it said: \""
                    + reader.string() + "\"). Upgrade " + leader + " to this node's version.");
            default -> Forwarded.AGAIN;
        };
    }

    /**
     * The leader answered in a format newer than this node reads: it may have saved the change, and this node cannot
     * tell. (Not expected: the leader answers in the version it was asked in.)
     */
    private static ClusterUnavailable unreadable(String leader, IncompatibleMessage refusal) {
        Logger.error("Refused the answer of the leader {}: {}", leader, refusal.getMessage());
        return new ClusterUnavailable("The clinic's leader node " + leader + " answered in a format this node cannot read,"
                + " so the change may or may not have been saved. Check the record before saving it again; upgrade this"
                + " node.", refusal);
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }
}
