package io.clinicnode.appliance.replication;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.testing.TestPorts;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change a forwarder sends again, because the leader it went to left before answering, is answered by the next
 * leader as the first attempt was: that leader wrote it and the event reached this one, so the desk gets its 201 with
 * the same record, not a "duplicate id" refusal of its own change. Real journal, H2 and (single-member) JGroups channel.
 */
class ResentChangeTest {
    private static final NodeIdentity LEADER = new NodeIdentity("clinic-a", "node-2");

    @TempDir
    Path dir;

    /** Notes in node_meta; creating one whose key exists is refused, as a record creation with a taken id is. */
    private static Projection notes() {
        return new Projection().register("note.created", (event, payload, context) -> {
            if (context.db().get("SELECT meta_value FROM node_meta WHERE meta_name = ?", event.key()).isPresent()) {
                throw new RejectedChange(RejectedChange.Reason.CONFLICT, null, "A note " + event.key() + " already exists.");
            }
            context.db().dml("INSERT INTO node_meta (meta_name, meta_value) VALUES (?, ?)", event.key(), payload.getString("text"));
        }).register("note.viewed", (event, payload, context) -> { });
    }

    private static byte[] forwarded(Change change, boolean resent) {
        EventCodec.Writer writer = EventCodec.writer(Messages.FORWARD, EventCodec.VERSION).string(change.type())
                .string(change.key()).string(change.actor()).string(change.payload().toString());
        return (resent ? writer.number(ReplicatedWrites.RESENT) : writer).bytes();
    }

    @Test
    void aChangeSentAgainAfterItsLeaderLeftGetsTheFirstAttemptsEventEvenAfterManyViewsAndANewOneWithATakenIdIsStillRefused() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(dir.resolve("clinic"));
        try (Database database = Database.open(dir.resolve("db"), 4); Journal journal = Journal.open(dir.resolve("journal"))) {
            WritePath writes = new WritePath(journal, notes(), database.client(), LEADER, new HybridLogicalClock(Clock.systemUTC()),
                    new SimpleMeterRegistry());
            Replication replication = new Replication(LEADER, writes, journal, database.client());
            try (ClusterChannel channel = ClusterChannel.builder(LEADER.nodeId(), clinic)
                    .bindAddress(InetAddress.getLoopbackAddress()).port(TestPorts.freeClusterPort()).connect()) {
                replication.attach(channel);
                assertThat(replication.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
                Change change = new Change("note.created", "n-7f3a", "recepcao", Json.createObjectBuilder().add("text", "hello").build());
                // The first attempt: written by the old leader, whose event reached this node before it died.
                Event first = writes.write(change);
                // Then a busy desk's views, more of them than the window of recent changes holds: records of access
                // only, they must not push the creation out of it.
                List<CompletableFuture<Event>> views = new ArrayList<>();
                for (int i = 0; i < 4_200; i++) { // the window holds 4,096
                    views.add(writes.submit(new Change("note.viewed", "n-view-" + i, "recepcao", Json.createObjectBuilder().add("i", i).build())));
                }
                CompletableFuture.allOf(views.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

                EventCodec.Reader again = EventCodec.reader(replication.answer("node-1", forwarded(change, true)));
                EventCodec.Reader fresh = EventCodec.reader(replication.answer("node-1", forwarded(change, false)));

                assertThat(again.kind()).isEqualTo(Messages.ACCEPTED);
                assertThat(again.event()).isEqualTo(first);
                assertThat(fresh.kind()).as("a change sent once, with an id that is taken").isEqualTo(Messages.REJECTED);
            } finally {
                replication.close();
                writes.close();
            }
        }
    }
}
