package io.clinicnode.appliance.config;

import java.time.Duration;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;

/**
 * What the web server lets clients hold, read once from the {@code clinicnode} config (flat keys beside
 * {@code max-body-bytes}). The defaults keep a node serving through a flood of idle or slow connections on a
 * 2-core box with the usual file-descriptor limit.
 *
 * @param maxConnections        open connections per listener ({@code max-connections}); more wait in the kernel's
 *                              accept queue until one closes
 * @param maxConcurrentRequests requests handled at once per listener ({@code max-concurrent-requests}); more get 503
 * @param idleTimeout           a connection that sends nothing for this long is closed ({@code idle-timeout-seconds}),
 *                              between requests and in the middle of one; longer than the web app's 25 s WebSocket ping
 * @param headerTimeout         a request's headers must have arrived this long after its request line
 *                              ({@code header-timeout-seconds}), however slowly a client trickles them
 * @param bodyTimeout           a request with a body must have been read and answered this long after its headers
 *                              ({@code body-timeout-seconds}); a slow body would otherwise hold a request slot
 */
public record ConnectionLimits(int maxConnections, int maxConcurrentRequests, Duration idleTimeout, Duration headerTimeout,
                               Duration bodyTimeout) {
    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(1000, 256, Duration.ofSeconds(60),
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    static ConnectionLimits from(Config node) {
        return new ConnectionLimits(
                positive(node, "max-connections", DEFAULTS.maxConnections()),
                positive(node, "max-concurrent-requests", DEFAULTS.maxConcurrentRequests()),
                Duration.ofSeconds(positive(node, "idle-timeout-seconds", (int) DEFAULTS.idleTimeout().toSeconds())),
                Duration.ofSeconds(positive(node, "header-timeout-seconds", (int) DEFAULTS.headerTimeout().toSeconds())),
                Duration.ofSeconds(positive(node, "body-timeout-seconds", (int) DEFAULTS.bodyTimeout().toSeconds())));
    }

    private static int positive(Config node, String key, int defaultValue) {
        int value = node.get(key).asInt().orElse(defaultValue);
        if (value <= 0) {
            throw new ApplianceException(NodeConfig.ROOT + "." + key + " must be positive, was " + value);
        }
        return value;
    }
}
