package io.clinicnode.cluster;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jgroups.JChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClusterChannelTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    /** Watched after the intruder's connect() returned: longer than MERGE3's longest round, when it would merge in. */
    private static final Duration INTRUDER_WINDOW = Duration.ofMillis(ClusterStack.MERGE_MAX_INTERVAL_MS + 1_000);

    @TempDir
    Path temp;

    private ClusterCredentials credentials;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void createClinic() {
        credentials = ClusterInit.create(temp.resolve("clinic"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void threeMembersFormOneViewLedByTheOldestAndTheLeaderMovesOnWhenItLeaves() {
        List<Integer> ports = List.of(TestPorts.freeClusterPort(), TestPorts.freeClusterPort(), TestPorts.freeClusterPort());
        List<InetSocketAddress> peers = ports.stream().map(TestPorts::loopback).toList();
        ClusterChannel a = member("node-a", ports.get(0), peers);
        a.awaitMemberCount(1, DEADLINE);
        ClusterChannel b = member("node-b", ports.get(1), peers);
        b.awaitMembers(List.of("node-a", "node-b"), DEADLINE);
        ClusterChannel c = member("node-c", ports.get(2), peers);
        List<Membership> seenByC = new CopyOnWriteArrayList<>();
        c.addListener(seenByC::add);

        for (ClusterChannel member : List.of(a, b, c)) {
            Membership view = member.awaitMemberCount(3, DEADLINE);
            assertThat(view.members()).containsExactly("node-a", "node-b", "node-c");
            assertThat(view.leader()).isEqualTo("node-a");
        }
        assertThat(a.isLeader()).isTrue();
        assertThat(b.isLeader()).isFalse();
        assertThat(c.isLeader()).isFalse();

        a.close();

        assertThat(b.awaitMemberCount(2, DEADLINE).members()).containsExactly("node-b", "node-c");
        assertThat(c.awaitMemberCount(2, DEADLINE).leader()).isEqualTo("node-b");
        assertThat(b.isLeader()).isTrue();
        awaitListener(seenByC, view -> view.members().equals(List.of("node-b", "node-c")));
        assertThat(seenByC.getLast().isLeader()).isFalse();
    }

    @Test
    void membersWithAnotherClinicsCaCannotJoinEvenUnderTheSameClusterName() {
        ClusterCredentials otherClinic = ClusterInit.create(temp.resolve("other-clinic"));
        assertIntruderStaysOut(otherClinic.forNode("intruder").sslContext());
    }

    @Test
    void aMemberWithoutTlsCannotJoin() {
        assertIntruderStaysOut(null);
    }

    @Test
    void aMemberFromAnotherClusterInitEndsUpAloneThroughThePublicApi() {
        int port = TestPorts.freeClusterPort();
        int otherPort = TestPorts.freeClusterPort();
        List<InetSocketAddress> peers = List.of(TestPorts.loopback(port), TestPorts.loopback(otherPort));
        ClusterChannel member = member("node-a", port, peers);
        ClusterCredentials otherClinic = ClusterInit.create(temp.resolve("other-clinic"));
        ClusterChannel stranger = track(ClusterChannel.builder("stranger", otherClinic).bindAddress(TestPorts.LOOPBACK)
                .port(otherPort).peers(peers).connect());

        assertThatThrownBy(() -> stranger.awaitMemberCount(2, Duration.ofSeconds(3)))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("stranger sees [stranger]")
                .hasMessageContaining("another cluster-init");
        assertThat(member.membership().members()).containsExactly("node-a");
    }

    @Test
    void peersAreParsedWithClearErrors() {
        assertThat(ClusterChannel.parsePeers("127.0.0.1:7800, 127.0.0.1:7801"))
                .containsExactly(TestPorts.loopback(7800), TestPorts.loopback(7801));
        assertThatThrownBy(() -> ClusterChannel.parsePeers("127.0.0.1")).hasMessageContaining("'127.0.0.1' must be HOST:PORT");
        assertThatThrownBy(() -> ClusterChannel.parsePeers("127.0.0.1:x")).hasMessageContaining("no valid port");
        assertThatThrownBy(() -> ClusterChannel.parsePeers(" , ")).hasMessageContaining("--peers is empty");
    }

    private void assertIntruderStaysOut(SSLContext intruderTls) {
        List<Integer> ports = List.of(TestPorts.freeClusterPort(), TestPorts.freeClusterPort(), TestPorts.freeClusterPort());
        List<InetSocketAddress> peers = ports.stream().map(TestPorts::loopback).toList();
        ClusterChannel a = member("node-a", ports.get(0), peers);
        a.awaitMemberCount(1, DEADLINE);
        ClusterChannel b = member("node-b", ports.get(1), peers);
        b.awaitMemberCount(2, DEADLINE);
        a.awaitMemberCount(2, DEADLINE);
        List<Membership> viewsOfA = new CopyOnWriteArrayList<>();
        a.addListener(viewsOfA::add);

        JChannel intruder = intruder(intruderTls, ports.get(2), peers);
        long until = System.nanoTime() + INTRUDER_WINDOW.toNanos();
        while (System.nanoTime() < until) {
            assertThat(intruder.getView().size()).as("intruder's view").isEqualTo(1);
            assertThat(a.membership().members()).containsExactly("node-a", "node-b");
            assertThat(b.membership().members()).containsExactly("node-a", "node-b");
            pause(100);
        }
        assertThat(viewsOfA).extracting(Membership::members).containsOnly(List.of("node-a", "node-b"));
    }

    /** A channel built like a member's but with foreign or no TLS, and the victim's cluster name. */
    private JChannel intruder(SSLContext tls, int port, List<InetSocketAddress> peers) {
        try {
            JChannel channel = new JChannel(ClusterStack.protocols(TestPorts.LOOPBACK, port, tls, peers,
                    ClusterChannel.defaultMulticastGroup(credentials), ClusterChannel.DEFAULT_MULTICAST_PORT));
            channel.getProtocolStack().getTransport().getDiagnosticsHandler().setEnabled(false);
            channel.setName("intruder");
            track(channel::close);
            channel.connect(credentials.clusterName());
            return channel;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ClusterChannel member(String nodeId, int port, List<InetSocketAddress> peers) {
        return track(ClusterChannel.builder(nodeId, credentials).bindAddress(TestPorts.LOOPBACK).port(port).peers(peers).connect());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }

    private static void awaitListener(List<Membership> seen, java.util.function.Predicate<Membership> wanted) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (seen.isEmpty() || !wanted.test(seen.getLast())) {
            assertThat(System.nanoTime()).as("listener saw " + seen).isLessThan(deadline);
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
