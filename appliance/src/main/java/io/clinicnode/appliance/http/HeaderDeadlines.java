package io.clinicnode.appliance.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import org.tinylog.Logger;

/**
 * Closes a connection whose request headers have not all arrived within the header timeout of its request line: the
 * slowloris that trickles one header byte a second. The socket read timeout cannot catch it (every byte resets it) and
 * Helidon's idle timeout spares a connection in the middle of a request, so the deadline is kept here, between the
 * HTTP/1 receive events "request line read" and "headers read", and a sweeper closes the overdue sockets.
 *
 * <p>Thread-safe.
 */
final class HeaderDeadlines implements Http1ConnectionListener, AutoCloseable {
    private static final Duration SWEEP_PERIOD = Duration.ofMillis(250);

    private final long timeoutNanos;
    private final Duration timeout;
    private final Map<ConnectionContext, Long> deadlines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "http-header-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    HeaderDeadlines(Duration timeout) {
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, SWEEP_PERIOD.toMillis(), SWEEP_PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void prologue(ConnectionContext connection, HttpPrologue prologue) {
        deadlines.put(connection, System.nanoTime() + timeoutNanos);
    }

    @Override
    public void headers(ConnectionContext connection, Headers headers) {
        deadlines.remove(connection);
    }

    /** Connections still reading their headers (for tests and metrics). */
    int pending() {
        return deadlines.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        deadlines.forEach((connection, deadline) -> {
            if (now - deadline < 0 || !deadlines.remove(connection, deadline)) {
                return;
            }
            try {
                // A connection whose headers failed to parse ended without a "headers read" event: nothing to close then.
                if (connection.serverSocket().isConnected()) {
                    Logger.info("Closed a connection from {}: its request headers took longer than {} s",
                            connection.remotePeer().host(), timeout.toSeconds());
                    connection.serverSocket().close();
                }
            } catch (RuntimeException e) {
                // The sweeper must outlive one socket that fails to close.
                Logger.debug("Closing a slow connection failed: {}", e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
