package io.clinicnode.cluster;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Every byte between two members passes through recording relays; the application's text never shows. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WireEncryptionTest {
    private static final String MARKER = "patient Maria da Silva, CPF 123.456.789-09";

    @TempDir
    Path temp;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void applicationBytesNeverCrossTheWireInClear() throws Exception {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("clinic"));
        int realA = TestPorts.freePort();
        int realB = TestPorts.freePort();
        int relayA = TestPorts.freeClusterPort();
        int relayB = TestPorts.freeClusterPort();
        RecordingRelay toA = track(new RecordingRelay(relayA, TestPorts.loopback(realA)));
        RecordingRelay toB = track(new RecordingRelay(relayB, TestPorts.loopback(realB)));
        List<InetSocketAddress> peers = List.of(TestPorts.loopback(relayA), TestPorts.loopback(relayB));
        BlockingQueue<String> receivedByB = new ArrayBlockingQueue<>(4);

        ClusterChannel a = track(ClusterChannel.builder("node-a", credentials).bindAddress(TestPorts.LOOPBACK).port(realA)
                .advertise(TestPorts.loopback(relayA)).peers(peers).connect());
        ClusterChannel b = track(ClusterChannel.builder("node-b", credentials).bindAddress(TestPorts.LOOPBACK).port(realB)
                .advertise(TestPorts.loopback(relayB)).peers(peers)
                .onMessage((sender, payload) -> receivedByB.add(sender + ": " + new String(payload, StandardCharsets.UTF_8)))
                .connect());
        a.awaitMemberCount(2, Duration.ofSeconds(10));
        b.awaitMemberCount(2, Duration.ofSeconds(10));

        a.send(MARKER.getBytes(StandardCharsets.UTF_8));

        assertThat(receivedByB.poll(10, TimeUnit.SECONDS)).isEqualTo("node-a: " + MARKER);
        String wire = new String(toA.recorded(), StandardCharsets.ISO_8859_1) + new String(toB.recorded(), StandardCharsets.ISO_8859_1);
        assertThat(wire.length()).as("bytes relayed").isGreaterThan(1_000);
        assertThat(wire).doesNotContain("Maria").doesNotContain("123.456.789").doesNotContain("node-a")
                .doesNotContain(credentials.clusterName());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        opened.add(closeable);
        return closeable;
    }
}
