package io.clinicnode.appliance.http;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.testing.LogCapture;
import io.clinicnode.appliance.testing.RawHttp;
import io.clinicnode.appliance.testing.RunningNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Floods of idle connections, slow clients and {@code Connection: close}, over real sockets on 127.0.0.1 against a
 * node with small limits (cap of {@value #MAX_CONNECTIONS} connections, 2 s idle timeout, 2 s header timeout).
 */
class ConnectionLimitsTest {
    private static final int MAX_CONNECTIONS = 50;
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    private static final int MAX_CONCURRENT_REQUESTS = 2;
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path dataDir;
    private static RunningNode node;
    private LogCapture log;

    @BeforeAll
    static void start() {
        node = RunningNode.start(dataDir, Map.of(
                "max-connections", String.valueOf(MAX_CONNECTIONS),
                "idle-timeout-seconds", String.valueOf(IDLE_TIMEOUT.toSeconds()),
                "header-timeout-seconds", String.valueOf(HEADER_TIMEOUT.toSeconds()),
                "max-concurrent-requests", String.valueOf(MAX_CONCURRENT_REQUESTS),
                "body-timeout-seconds", String.valueOf(BODY_TIMEOUT.toSeconds())));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void loggedNoStackTrace() {
        log.close();
        assertThat(log.text()).as("node log").doesNotContain("\tat ", "Exception:");
    }

    @Test
    void servesAgainWithinSecondsAfterAFloodOfIdleConnectionsCloses() throws IOException {
        List<Socket> flood = openIdle(MAX_CONNECTIONS + 200);
        closeAll(flood);

        long started = System.nanoTime();
        RawHttp.Response response = liveCheck();

        assertThat(response.status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void aFloodOfIdleConnectionsIsClosedByTheServerAndTheNodeServesMeanwhile() throws IOException {
        List<Socket> flood = openIdle(MAX_CONNECTIONS + 200);
        try {
            long started = System.nanoTime();
            // Queued behind the flood: the cap's worth of idle connections is cut every idle timeout, then this one is served.
            RawHttp.Response response = liveCheck();

            assertThat(response.status()).isEqualTo(200);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            List<Socket> open = new ArrayList<>(flood);
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                if (RawHttp.closedByServer(open.getFirst(), 100)) {
                    open.removeFirst();
                }
            }
            assertThat(open).as("idle connections the server left open").isEmpty();
        } finally {
            closeAll(flood);
        }
    }

    @Test
    void slowlorisTricklingHeadersIsCutAtTheHeaderTimeout() throws IOException {
        Duration open = trickle("GET /observe/health/live HTTP/1.1\r\nHost: x\r\n", "X-Slow: " + "a".repeat(80));

        assertThat(open).isBetween(HEADER_TIMEOUT.minusMillis(300), HEADER_TIMEOUT.plusSeconds(2));
        assertThat(liveCheck().status()).isEqualTo(200);
    }

    @Test
    void tricklingBodyIsCutAtTheBodyTimeout() throws IOException {
        Duration open = trickle("POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100\r\n\r\n", "{\"username\":\"" + "a".repeat(80));

        assertThat(open).isBetween(BODY_TIMEOUT.minusMillis(300), BODY_TIMEOUT.plusSeconds(2));
        assertThat(liveCheckOnceServed().status()).isEqualTo(200);
    }

    /**
     * Sends {@code head} at once, then {@code slowPart} one byte every 200 ms, each well inside the idle timeout: only a
     * deadline stops it. Returns how long the server kept the connection open once the slow part began.
     */
    private static Duration trickle(String head, String slowPart) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.node().port())) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            boolean closed = false;
            byte[] slow = slowPart.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < slow.length && !closed; i++) {
                try {
                    out.write(slow[i]);
                    out.flush();
                } catch (IOException e) {
                    closed = true;
                    break;
                }
                closed = RawHttp.closedByServer(socket, 200);
            }
            assertThat(closed).as("closed by the server").isTrue();
            return Duration.ofNanos(System.nanoTime() - started);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.node().port())) {
            socket.getOutputStream().write("GET /observe/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(5_000);
            RawHttp.Response response = RawHttp.read(socket.getInputStream());

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(RawHttp.closedByServer(socket, 1_000)).as("closed by the server").isTrue();
        }
    }

    @Test
    void requestsOverTheConcurrencyCapGet503ProblemWithRetryAfter() throws IOException {
        List<Socket> busy = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_CONCURRENT_REQUESTS; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.node().port());
                busy.add(socket);
                // Each login waits for a body that does not come, holding its place.
                socket.getOutputStream().write(("POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
            }
            RawHttp.Response response = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (System.nanoTime() < deadline && (response == null || response.status() != 503)) {
                response = liveCheck();
            }

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.header("Retry-After")).isEqualTo("1");
            assertThat(response.header("Content-Security-Policy")).isNotBlank();
        } finally {
            closeAll(busy);
        }
        assertThat(liveCheckOnceServed().status()).isEqualTo(200);
    }

    @Test
    void healthSaysTheListenerAcceptsConnections() {
        RawHttp.Response response = liveCheck();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"httpListener\"", "accepting");
    }

    private static RawHttp.Response liveCheck() {
        return RawHttp.exchange(node.node().port(), "GET /observe/health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                Duration.ofSeconds(30));
    }

    /** The live check, again until it is not refused for want of a request slot (a closed client's is freed soon after). */
    private static RawHttp.Response liveCheckOnceServed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        RawHttp.Response response = liveCheck();
        while (response.status() == 503 && System.nanoTime() < deadline) {
            response = liveCheck();
        }
        return response;
    }

    private static List<Socket> openIdle(int count) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket(InetAddress.getLoopbackAddress(), node.node().port()));
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
