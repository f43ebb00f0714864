package io.clinicnode.appliance.http;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import io.clinicnode.appliance.config.ConnectionLimits;

import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http1.Http1Config;

import org.tinylog.Logger;

/**
 * What one web server listener lets clients hold, applied to each listener (HTTP and HTTPS): a cap on open connections
 * (beyond it, connections wait in the kernel's accept queue and no file descriptor is spent on them), a cap on
 * requests served at once, an idle timeout and socket read timeout, a deadline for request headers, the largest
 * request line and headers, {@code Connection: close} honoured (with {@link #connectionCloseFilter()} in the routing),
 * and problem+json answers for what the server refuses before routing.
 *
 * <p>Without the cap, a flood of idle connections once used up the process's file descriptors, and Helidon's listener
 * stops for good at the first failed accept.
 *
 * <p>Thread-safe. Close it once the web server has stopped (it owns the header-deadline sweeper).
 */
public final class ListenerLimits implements AutoCloseable {
    /** Longest request line (method, address, version) accepted; longer gets 414. */
    public static final int MAX_REQUEST_LINE_BYTES = 4096;
    /** Largest request header block accepted; larger gets 400. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** File descriptors kept for the journal, database, cluster and health checks beyond the connections. */
    static final int RESERVED_FILE_DESCRIPTORS = 256;
    /** Helidon's name for the HTTP/1.1 protocol: an explicit config under this name replaces the discovered default. */
    private static final String HTTP_1_1 = "http_1_1";
    private static final Duration IDLE_CHECK_PERIOD = Duration.ofSeconds(1);

    private final ConnectionLimits limits;
    private final int maxConnections;
    private final ConnectionWatch watch;

    public ListenerLimits(ConnectionLimits limits) {
        this.limits = limits;
        this.maxConnections = withinFileLimit(limits.maxConnections(), maxFileDescriptors());
        this.watch = new ConnectionWatch(limits.headerTimeout(), limits.bodyTimeout());
    }

    /** Sets the limits on a listener's builder (the web server's default listener or a named one). */
    public <B extends ListenerConfig.BuilderBase<B, ?>> B apply(B listener) {
        Duration idle = limits.idleTimeout();
        // Helidon looks for idle connections every 2 minutes by default; a flood must be cleared within seconds.
        Duration idleCheck = idle.dividedBy(4).compareTo(IDLE_CHECK_PERIOD) < 0 ? idle.dividedBy(4) : IDLE_CHECK_PERIOD;
        return listener.maxTcpConnections(maxConnections)
                .maxConcurrentRequests(limits.maxConcurrentRequests())
                .idleConnectionTimeout(idle)
                .idleConnectionPeriod(idleCheck)
                // A client that goes silent in the middle of a request (or a WebSocket without its 25 s ping) is cut.
                .connectionOptions(options -> options.readTimeout(idle))
                .addProtocol(Http1Config.builder()
                        .name(HTTP_1_1)
                        .maxPrologueLength(MAX_REQUEST_LINE_BYTES)
                        .maxHeadersSize(MAX_HEADER_BYTES)
                        .addReceiveListener(watch)
                        .build())
                .directHandlers(TransportProblems.handlers());
    }

    /**
     * A routing filter that closes a connection once the response to a {@code Connection: close} request is sent
     * (Helidon 4.1.7 only says so in the response, then waits for another request), and ends a request's body deadline
     * once it is answered. Add it to every listener's routing, first.
     */
    public Filter connectionCloseFilter() {
        return watch;
    }

    /** The connection cap in force: the configured one, lowered to fit the process's file-descriptor limit. */
    public int maxConnections() {
        return maxConnections;
    }

    static int withinFileLimit(int configured, long maxFileDescriptors) {
        if (maxFileDescriptors <= 0 || configured + RESERVED_FILE_DESCRIPTORS <= maxFileDescriptors) {
            return configured;
        }
        int fitting = (int) Math.max(16, maxFileDescriptors - RESERVED_FILE_DESCRIPTORS);
        String message = "clinicnode.max-connections is {} but this process may open only {} files; serving at most {}"
                + " connections per listener. Raise the limit (systemd LimitNOFILE=, ulimit -n) to allow more.";
        // Only a cap someone chose is worth a warning; the default adapts quietly to a small box.
        if (configured == ConnectionLimits.DEFAULTS.maxConnections()) {
            Logger.info(message, configured, maxFileDescriptors, fitting);
        } else {
            Logger.warn(message, configured, maxFileDescriptors, fitting);
        }
        return fitting;
    }

    private static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : -1;
    }

    @Override
    public void close() {
        watch.close();
    }
}
