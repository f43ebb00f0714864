package io.clinicnode.appliance.replication;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.testing.LogCapture;
import io.clinicnode.appliance.testing.TestPorts;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.WritePath;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A leader of one ClinicNode version among members of another: it refuses a forwarded change of a newer format with a
 * sentence to the forwarder and in its log (writing nothing), and takes an older member's change, answering in that
 * member's format. Real journal, H2 and (single-member) JGroups channel.
 */
class ReplicationVersionsTest {
    private static final NodeIdentity LEADER = new NodeIdentity("clinic-a", "node-2");

    @TempDir
    Path dir;

    private Database database;
    private Journal journal;
    private WritePath writes;
    private Replication replication;
    private ClusterChannel channel;

    @BeforeEach
    void startLeader() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(dir.resolve("clinic"));
        database = Database.open(dir.resolve("db"), 4);
        journal = Journal.open(dir.resolve("journal"));
        Projection notes = new Projection().register("note.created", (event, payload, context) -> context.db()
                .dml("INSERT INTO node_meta (meta_name, meta_value) VALUES (?, ?)", event.key(), payload.getString("text")));
        writes = new WritePath(journal, notes, database.client(), LEADER, new HybridLogicalClock(Clock.systemUTC()),
                new SimpleMeterRegistry());
        replication = new Replication(LEADER, writes, journal, database.client());
        channel = ClusterChannel.builder(LEADER.nodeId(), clinic).bindAddress(InetAddress.getLoopbackAddress())
                .port(TestPorts.freeClusterPort()).attribute(Replication.VERSION_ATTRIBUTE, Replication.VERSION_ATTRIBUTE_VALUE)
                .connect();
        replication.attach(channel);
        assertThat(replication.awaitCaughtUp(Duration.ofSeconds(10))).isTrue();
    }

    @AfterEach
    void stopLeader() {
        channel.close();
        replication.close();
        writes.close();
        journal.close();
        database.close();
    }

    @Test
    void aChangeForwardedInANewerFormatIsRefusedWithASentenceAndNothingIsWritten() {
        byte[] newer = EventCodec.writer(Messages.FORWARD, EventCodec.VERSION).string("note.created").string("n-1")
                .string("recepcao").string("{\"text\":\"hello\"}").bytes();
        newer[1] = (byte) (EventCodec.VERSION + 1);

        EventCodec.Reader answer;
        String log;
        try (LogCapture capture = LogCapture.start()) {
            assertThat(Replication.handles(newer)).isTrue();
            answer = EventCodec.reader(replication.answer("node-9", newer));
            log = capture.text();
        }

        String sentence = "A replication message of kind 'F' has format version " + (EventCodec.VERSION + 1) + ": it was"
                + " written by a newer ClinicNode version, and this node reads replication messages up to version "
                + EventCodec.VERSION + ". Nothing in it was taken; upgrade this node.";
        assertThat(answer.kind()).isEqualTo(Messages.UNREADABLE);
        assertThat(answer.string()).isEqualTo(sentence);
        assertThat(answer.number()).isEqualTo(EventCodec.VERSION);
        assertThat(log).contains("Refused a replication message from node-9: " + sentence);
        assertThat(writes.watermarks().applied(LEADER.nodeId())).as("nothing written").isZero();
    }

    @Test
    void aChangeForwardedByAMemberOfTheVersionBeforeVersionsIsTakenAndAnsweredInItsFormat() throws IOException {
        ByteArrayOutputStream forward = new ByteArrayOutputStream();
        forward.write(Messages.FORWARD);
        try (DataOutputStream out = new DataOutputStream(forward)) {
            for (String field : new String[] {"note.created", "n-1", "recepcao", "{\"text\":\"hello\"}"}) {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        }

        byte[] accepted = replication.answer("node-1", forward.toByteArray());
        byte[] positions = replication.answer("node-1", new byte[] {Messages.PROGRESS});

        assertThat(accepted[0]).as("an answer without a version, as the older member reads").isEqualTo(Messages.ACCEPTED);
        Event event = EventCodec.reader(accepted).event();
        assertThat(event.origin()).isEqualTo(LEADER.nodeId());
        assertThat(event.key()).isEqualTo("n-1");
        assertThat(writes.watermarks().applied(LEADER.nodeId())).isEqualTo(event.originSeq());
        assertThat(positions[0]).isEqualTo(Messages.POSITIONS);
        assertThat(EventCodec.reader(positions).positions()).containsEntry(LEADER.nodeId(), event.originSeq());
    }
}
