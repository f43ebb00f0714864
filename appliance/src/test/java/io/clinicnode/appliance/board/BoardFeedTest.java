package io.clinicnode.appliance.board;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** The live feed over a real WebSocket to a real node (helidon-webserver-websocket 4.1.6 on a 4.1.7 server). */
class BoardFeedTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private static ApiClient desk;

    @BeforeAll
    static void start() {
        node = NODE.node();
        desk = node.admin();
    }

    /** A client socket that queues what it receives and how it was closed. */
    private static final class Client implements WebSocket.Listener {
        final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;

        static Client connect() {
            Client client = new Client();
            client.socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(node.api().baseUrl().replace("http:", "ws:") + "/ws/board"), client)
                    .orTimeout(5, TimeUnit.SECONDS).join();
            return client;
        }

        void send(String text) {
            socket.sendText(text, true).join();
        }

        String next() throws InterruptedException {
            String message = messages.poll(5, TimeUnit.SECONDS);
            assertThat(message).as("a message from the feed within 5 s").isNotNull();
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    private static void registerPatient(String name) {
        assertThat(desk.post("/api/patients", Json.createObjectBuilder().add("fullName", name).add("birthDate", "1990-01-01")
                .build()).status()).isEqualTo(201);
    }

    @Test
    void anAuthenticatedScreenHearsOfEachCommittedChangeWithinASecond() throws Exception {
        Client screen = Client.connect();
        screen.send("{\"type\":\"auth\",\"token\":\"" + desk.token() + "\"}");
        assertThat(screen.next()).isEqualTo("{\"type\":\"ready\"}");

        long before = System.nanoTime();
        registerPatient("Feed Listener One");
        String message = screen.messages.poll(1, TimeUnit.SECONDS);

        assertThat(message).as("pushed within one second of the write").isEqualTo("{\"type\":\"changed\",\"entities\":[\"patient\"]}");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(1));
        screen.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void aWrongTokenIsRefusedWithTheUnauthorizedCloseCode() throws Exception {
        Client stranger = Client.connect();
        stranger.send("{\"type\":\"auth\",\"token\":\"not-a-session\"}");

        assertThat(stranger.closed.get(5, TimeUnit.SECONDS)).isEqualTo(BoardFeed.UNAUTHORIZED);
        assertThat(stranger.messages).isEmpty();
    }

    @Test
    void aSocketHearsNothingBeforeItAuthenticates() throws Exception {
        Client early = Client.connect();
        registerPatient("Feed Listener Two");
        early.send("{\"type\":\"auth\",\"token\":\"" + desk.token() + "\"}");

        assertThat(early.next()).isEqualTo("{\"type\":\"ready\"}");
        early.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    @Test
    void somethingOtherThanAnAuthMessageFirstClosesTheSocket() throws Exception {
        Client confused = Client.connect();
        confused.send("hello");

        assertThat(confused.closed.get(5, TimeUnit.SECONDS)).isEqualTo(BoardFeed.UNAUTHORIZED);
    }

    @Test
    void eventTypesNameTheirKindOfRecord() {
        assertThat(BoardFeed.entity("checkin.recorded")).isEqualTo("checkin");
        assertThat(BoardFeed.entity("waiting.status-changed")).isEqualTo("waiting");
        assertThat(BoardFeed.entity("odd")).isEqualTo("odd");
    }
}
