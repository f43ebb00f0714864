package io.clinicnode.cluster;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RequestReplyTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private final CountDownLatch releaseSlowMember = new CountDownLatch(1);

    @AfterEach
    void closeAll() throws Exception {
        releaseSlowMember.countDown();
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void everyOtherMemberAnswersAndASlowOneIsListedWithoutAnAnswer() {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("clinic"));
        List<Integer> ports = List.of(TestPorts.freeClusterPort(), TestPorts.freeClusterPort(), TestPorts.freeClusterPort());
        List<InetSocketAddress> peers = ports.stream().map(TestPorts::loopback).toList();
        ClusterChannel a = member(credentials, "node-a", ports.get(0), peers, (sender, request) -> text("a answers " + text(request)));
        ClusterChannel b = member(credentials, "node-b", ports.get(1), peers, (sender, request) -> text("b answers " + sender));
        member(credentials, "node-c", ports.get(2), peers, (sender, request) -> {
            try {
                releaseSlowMember.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text("too late");
        });
        b.awaitMemberCount(3, DEADLINE);
        a.awaitMemberCount(3, DEADLINE);

        long started = System.nanoTime();
        Map<String, Optional<byte[]>> answers = a.askAll(text("status?"), Duration.ofMillis(500));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(answers.keySet()).containsExactly("node-b", "node-c");
        assertThat(answers.get("node-b")).map(RequestReplyTest::text).contains("b answers node-a");
        assertThat(answers.get("node-c")).isEmpty();
        assertThat(tookMillis).isBetween(450L, 3_000L);
        assertThat(b.askAll(text("x"), Duration.ofSeconds(1)).get("node-a")).map(RequestReplyTest::text).contains("a answers x");
    }

    @Test
    void attributesTravelWithTheViewAndAloneNobodyIsAsked() {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("clinic"));
        int port = TestPorts.freeClusterPort();
        ClusterChannel alone = ClusterChannel.builder("node-a", credentials).bindAddress(TestPorts.LOOPBACK).port(port)
                .peers(List.of(TestPorts.loopback(port))).attribute("http", "127.0.0.1:8080").connect();
        opened.add(alone);

        assertThat(alone.attribute("node-a", "http")).contains("127.0.0.1:8080");
        assertThat(alone.attribute("node-a", "missing")).isEmpty();
        assertThat(alone.attribute("node-x", "http")).isEmpty();
        assertThat(alone.askAll(text("anyone?"), Duration.ofSeconds(5))).isEmpty();
    }

    private ClusterChannel member(ClusterCredentials credentials, String nodeId, int port, List<InetSocketAddress> peers,
            RequestHandler handler) {
        ClusterChannel channel = ClusterChannel.builder(nodeId, credentials).bindAddress(TestPorts.LOOPBACK).port(port)
                .peers(peers).onRequest(handler).connect();
        opened.add(channel);
        return channel;
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
