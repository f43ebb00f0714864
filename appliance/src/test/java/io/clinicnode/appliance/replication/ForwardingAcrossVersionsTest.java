package io.clinicnode.appliance.replication;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A member forwarding a desk's change to a leader of another release: it writes in the format the leader says it
 * reads (none said: the format from before versions), reads the leader's older answer, and when the leader cannot
 * read the change the desk is told so, not given a misread. The leader here is a bare cluster member answering as
 * such a leader would; the forwarder is a real node's replication (journal, H2, JGroups).
 */
class ForwardingAcrossVersionsTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final NodeIdentity FORWARDER = new NodeIdentity("clinic-a", "node-2");
    private static final Change NOTE = new Change("note.created", "n-1", "recepcao",
            Json.createObjectBuilder().add("text", "hello").build());

    @TempDir
    Path dir;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final List<byte[]> receivedByLeader = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aLeaderOfTheReleaseBeforeVersionsGetsTheChangeInItsFormatAndItsRefusalReachesTheDesk() throws Exception {
        ReplicatedWrites writer = forwarderTo(null, forward -> legacyRejected("A note n-1 already exists."));

        assertThatThrownBy(() -> writer.write(NOTE))
                .isInstanceOf(RejectedChange.class)
                .hasMessage("A note n-1 already exists.");
        assertThat(forwards()).singleElement().satisfies(forward ->
                assertThat(forward[0]).as("a forward without a version").isEqualTo(Messages.FORWARD));
    }

    @Test
    void aLeaderThatCannotReadTheChangeIsNamedToTheDeskAndNothingIsSentAgain() throws Exception {
        String sentence = "A replication message of kind 'F' has format version 2: it was written by a newer ClinicNode"
                + " version, and this node reads replication messages up to version 1. Nothing in it was taken; upgrade"
                + " this node.";
        ReplicatedWrites writer = forwarderTo(Integer.toString(EventCodec.VERSION),
                forward -> EventCodec.writer(Messages.UNREADABLE, EventCodec.VERSION).string(sentence).number(1).bytes());

        assertThatThrownBy(() -> writer.write(NOTE))
                .isInstanceOf(ClusterUnavailable.class)
                .hasMessage("The clinic's leader node node-1 runs an older ClinicNode version and could not read this change,"
                        + " so nothing was saved (it said: \"" + sentence + "\"). Upgrade node-1 to this node's version.");
        assertThat(forwards()).singleElement().satisfies(forward ->
                assertThat(forward).startsWith(EventCodec.MARK, (byte) EventCodec.VERSION, Messages.FORWARD));
    }

    /**
     * Starts a leader {@code node-1} that advertises {@code leaderVersion} (null: nothing) and answers forwarded changes
     * with {@code answer}, then this node as a follower; returns this node's writer.
     */
    private ReplicatedWrites forwarderTo(String leaderVersion, Function<byte[], byte[]> answer) throws Exception {
        ClusterCredentials clinic = ClusterInit.create(dir.resolve("clinic"));
        int leaderPort = TestPorts.freeClusterPort();
        int forwarderPort = TestPorts.freeClusterPort();
        String peers = "127.0.0.1:" + leaderPort + ",127.0.0.1:" + forwarderPort;
        ClusterChannel.Builder leader = ClusterChannel.builder("node-1", clinic).bindAddress(InetAddress.getLoopbackAddress())
                .port(leaderPort).peers(peers).onRequest((sender, request) -> {
                    receivedByLeader.add(request);
                    EventCodec.Reader reader = EventCodec.reader(request);
                    return switch (reader.kind()) {
                        case Messages.PROGRESS -> EventCodec.writer(Messages.POSITIONS, reader.version()).positions(Map.of()).bytes();
                        case Messages.FORWARD -> answer.apply(request);
                        default -> null;
                    };
                });
        if (leaderVersion != null) {
            leader.attribute(Replication.VERSION_ATTRIBUTE, leaderVersion);
        }
        ClusterChannel leaderChannel = track(leader.connect());

        Database database = track(Database.open(dir.resolve("db"), 4));
        Journal journal = track(Journal.open(dir.resolve("journal")));
        Projection notes = new Projection().register("note.created", (event, payload, context) -> { });
        WritePath writes = track(new WritePath(journal, notes, database.client(), FORWARDER,
                new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry()));
        Replication replication = track(new Replication(FORWARDER, writes, journal, database.client()));
        ClusterChannel channel = track(ClusterChannel.builder(FORWARDER.nodeId(), clinic)
                .bindAddress(InetAddress.getLoopbackAddress()).port(forwarderPort).peers(peers)
                .attribute(Replication.VERSION_ATTRIBUTE, Replication.VERSION_ATTRIBUTE_VALUE).connect());
        channel.awaitMemberCount(2, DEADLINE);
        leaderChannel.awaitMemberCount(2, DEADLINE);
        assertThat(channel.membership().leader()).isEqualTo("node-1");
        replication.attach(channel);
        return replication.writer();
    }

    private List<byte[]> forwards() {
        return receivedByLeader.stream().filter(request -> EventCodec.reader(request).kind() == Messages.FORWARD).toList();
    }

    /** A refusal as a leader wrote it before messages carried a version (and before refusals carried a code). */
    private static byte[] legacyRejected(String message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(Messages.REJECTED);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String field : new String[] {"CONFLICT", "", message}) {
                byte[] utf8 = field.getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }
}
