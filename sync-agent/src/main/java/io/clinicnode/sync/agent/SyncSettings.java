package io.clinicnode.sync.agent;

import java.time.Duration;

import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralTarget;

/**
 * How a node's agent syncs: where central is, the clinic's login, and the tuning below (defaults in
 * {@link #of}). Immutable, so thread-safe.
 *
 * @param centralUrl        pgjdbc URL of central (TLS settings in it)
 * @param credentials       the clinic's login at central
 * @param maxBatchEvents    most events in one transaction
 * @param maxBatchBytes     most payload bytes in one transaction
 * @param retryBase         first retry delay; doubles with each failure in a row
 * @param retryMax          longest retry delay
 * @param breakerThreshold  failures in a row that open the circuit breaker
 * @param maxAttempts       tries of one bad event before it is parked in the dead letters
 * @param heartbeatInterval heartbeat period when there is nothing to ship
 * @param statementTimeout  socket timeout of central calls (a silent WAN is noticed after it)
 */
public record SyncSettings(String centralUrl, CentralCredentials credentials, int maxBatchEvents, int maxBatchBytes,
                           Duration retryBase, Duration retryMax, int breakerThreshold, int maxAttempts,
                           Duration heartbeatInterval, Duration statementTimeout) {
    public SyncSettings {
        new CentralTarget(centralUrl, java.util.Optional.empty(), java.util.Optional.empty());
        if (maxBatchEvents < 1 || maxBatchBytes < 1024 || maxAttempts < 1 || breakerThreshold < 1) {
            throw new SyncException("Sync batch limits, attempts and breaker threshold must be positive");
        }
    }

    /** The defaults: 5,000 events or 4 MiB per batch, retries from 200 ms to 10 s, breaker after 3, 3 tries. */
    public static SyncSettings of(String centralUrl, CentralCredentials credentials) {
        return new SyncSettings(centralUrl, credentials, 5_000, 4 << 20, Duration.ofMillis(200), Duration.ofSeconds(10),
                3, 3, Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    public SyncSettings withRetry(Duration base, Duration max) {
        return new SyncSettings(centralUrl, credentials, maxBatchEvents, maxBatchBytes, base, max, breakerThreshold,
                maxAttempts, heartbeatInterval, statementTimeout);
    }

    public SyncSettings withBatch(int events, int bytes) {
        return new SyncSettings(centralUrl, credentials, events, bytes, retryBase, retryMax, breakerThreshold,
                maxAttempts, heartbeatInterval, statementTimeout);
    }

    public SyncSettings withTimeouts(Duration heartbeat, Duration statement) {
        return new SyncSettings(centralUrl, credentials, maxBatchEvents, maxBatchBytes, retryBase, retryMax,
                breakerThreshold, maxAttempts, heartbeat, statement);
    }

    CentralTarget target() {
        return credentials.target(centralUrl);
    }
}
