package io.clinicnode.appliance.http;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http1.Http1ConnectionListener;

import org.tinylog.Logger;

/**
 * Closes HTTP/1 connections that Helidon 4.1.7 would keep open:
 * <ul>
 *     <li>a request whose headers have not all arrived within the header timeout of its request line: the slowloris
 *     that trickles one header byte a second. The socket read timeout cannot catch it (every byte resets it) and
 *     Helidon's idle timeout spares a connection in the middle of a request, so the deadline is kept here, between the
 *     receive events "request line read" and "headers read", and a sweeper closes the overdue sockets;</li>
 *     <li>a request with a body not read and answered within the body timeout of its headers: a trickled body would
 *     hold one of the listener's request slots;</li>
 *     <li>a connection whose request said {@code Connection: close}: Helidon answers with {@code Connection: close} but
 *     then waits for another request until the idle timeout. As a routing {@link Filter} this closes it once the
 *     response is sent.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class ConnectionWatch implements Http1ConnectionListener, Filter, AutoCloseable {
    private static final Duration SWEEP_PERIOD = Duration.ofMillis(250);

    private final Duration headerTimeout;
    private final Duration bodyTimeout;
    private final Map<ConnectionContext, Long> headerDeadlines = new ConcurrentHashMap<>();
    private final Map<SocketAddress, Deadline> bodyDeadlines = new ConcurrentHashMap<>();
    private final Map<SocketAddress, ConnectionContext> closeAfterResponse = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-connection-watch");
        thread.setDaemon(true);
        return thread;
    });

    ConnectionWatch(Duration headerTimeout, Duration bodyTimeout) {
        this.headerTimeout = headerTimeout;
        this.bodyTimeout = bodyTimeout;
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        headerDeadlines.put(connection, System.nanoTime() + headerTimeout.toNanos());
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        headerDeadlines.remove(connection);
        SocketAddress client = connection.remotePeer().address();
        if (hasBody(headers)) {
            bodyDeadlines.put(client, new Deadline(connection, System.nanoTime() + bodyTimeout.toNanos()));
        }
        if (headers.contains(HeaderValues.CONNECTION_CLOSE)) {
            closeAfterResponse.put(client, connection);
        }
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        SocketAddress client = request.remotePeer().address();
        try {
            chain.proceed();
        } finally {
            bodyDeadlines.remove(client);
        }
        ConnectionContext connection = closeAfterResponse.remove(client);
        // Not sent yet (e.g. the routing's own 404 comes after the filters): the idle timeout closes it instead.
        if (connection != null && response.isSent()) {
            close(connection);
        }
    }

    private static boolean hasBody(Headers headers) {
        return headers.contains(HeaderValues.TRANSFER_ENCODING_CHUNKED)
                || headers.contains(HeaderNames.CONTENT_LENGTH) && !headers.contains(HeaderValues.CONTENT_LENGTH_ZERO);
    }

    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: the deadlines must outlive one bad connection.
            Logger.warn("Checking connections for deadlines failed: {}", e.toString());
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        headerDeadlines.forEach((connection, deadline) -> {
            if (now - deadline >= 0 && headerDeadlines.remove(connection, deadline)) {
                closeOverdue(connection, "request headers", headerTimeout);
            }
        });
        bodyDeadlines.forEach((client, deadline) -> {
            if (now - deadline.at() >= 0 && bodyDeadlines.remove(client, deadline)) {
                closeOverdue(deadline.connection(), "request body", bodyTimeout);
            }
        });
        // Requests refused before routing never reach the filter.
        closeAfterResponse.values().removeIf(connection -> !connection.serverSocket().isConnected());
    }

    private static void closeOverdue(ConnectionContext connection, String what, Duration timeout) {
        // A connection whose request failed to parse ended without the next event: nothing to close then.
        if (connection.serverSocket().isConnected()) {
            Logger.info("Closed a connection from {}: its {} took longer than {} s", connection.remotePeer().host(), what,
                    timeout.toSeconds());
            close(connection);
        }
    }

    private static void close(ConnectionContext connection) {
        try {
            connection.serverSocket().close();
        } catch (RuntimeException e) {
            // Already closed by the client, or failing: either way nothing more to do, and the sweeper must go on.
            Logger.debug("Closing a connection failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }

    private record Deadline(ConnectionContext connection, long at) {
    }
}
