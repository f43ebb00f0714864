package io.clinicnode.appliance.observe;

import java.util.List;

import io.helidon.health.HealthCheckResponse;
import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerHealthCheckTest {
    @Test
    void upWhileTheListenerAcceptsAndDownOnceItStopped() {
        WebServer server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(routing -> routing.get("/", (request, response) -> response.send("ok")))
                .build().start();
        ListenerHealthCheck check = new ListenerHealthCheck("0.0.0.0");
        check.watch(server, List.of(WebServer.DEFAULT_SOCKET_NAME));
        int port = server.port();

        HealthCheckResponse up = check.call();
        server.stop();
        HealthCheckResponse down = check.call();

        assertThat(up.status()).isEqualTo(HealthCheckResponse.Status.UP);
        assertThat(up.details()).containsEntry("http", "accepting :" + port);
        assertThat(down.status()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }

    @Test
    void downBeforeTheServerStarted() {
        assertThat(new ListenerHealthCheck("127.0.0.1").call().status()).isEqualTo(HealthCheckResponse.Status.DOWN);
    }
}
