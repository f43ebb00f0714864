package io.clinicnode.appliance.observe;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.webserver.WebServer;

import org.tinylog.Logger;

/**
 * Liveness of the web server's listeners: each still accepts connections. Helidon's listener stops for good when an
 * accept fails (e.g. out of file descriptors) while the server still reports itself running, so the check connects
 * to each plain listener over loopback: refused means the listener is gone and the node must be restarted. A
 * connect that times out means the accept queue is full (a flood the connection cap holds off): the listener lives.
 * TLS listeners are only checked for a bound port (a bare connect would fail their handshake and be logged).
 *
 * <p>Thread-safe. Reports DOWN until {@link #watch} gives it the started server.
 */
public final class ListenerHealthCheck implements HealthCheck {
    private static final int CONNECT_TIMEOUT_MILLIS = 1000;

    private final String host;
    private final AtomicBoolean reportedDead = new AtomicBoolean();
    private volatile WebServer server;
    private volatile List<String> sockets = List.of();

    /** @param host the address the listeners bind to ({@code 0.0.0.0} or {@code ::}: they are checked on loopback) */
    public ListenerHealthCheck(String host) {
        this.host = host;
    }

    /** Starts checking {@code server}'s listeners with these names ({@link WebServer#DEFAULT_SOCKET_NAME} and others). */
    public void watch(WebServer server, List<String> socketNames) {
        this.sockets = List.copyOf(socketNames);
        this.server = server;
    }

    @Override
    public String name() {
        return "httpListener";
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public HealthCheckResponse call() {
        WebServer watched = server;
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true);
        if (watched == null || !watched.isRunning()) {
            return response.status(false).detail("running", false).build();
        }
        for (String socket : sockets) {
            int port = watched.port(socket);
            String state = port <= 0 ? "stopped" : watched.hasTls(socket) ? "bound" : probe(port);
            response.detail(socket.equals(WebServer.DEFAULT_SOCKET_NAME) ? "http" : socket, state + (port > 0 ? " :" + port : ""));
            if (state.equals("stopped") || state.equals("refused")) {
                response.status(false);
                if (reportedDead.compareAndSet(false, true)) {
                    Logger.error("The web server's {} listener on port {} no longer accepts connections; restart the node",
                            socket, port);
                }
            }
        }
        return response.build();
    }

    /** {@code accepting}, {@code busy} (accept queue full) or {@code refused} (nothing listens any more). */
    private String probe(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address(), port), CONNECT_TIMEOUT_MILLIS);
            return "accepting";
        } catch (SocketTimeoutException e) {
            return "busy";
        } catch (IOException e) {
            return "refused";
        }
    }

    private InetAddress address() throws UnknownHostException {
        return host.isBlank() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")
                ? InetAddress.getLoopbackAddress()
                : InetAddress.getByName(host);
    }
}
