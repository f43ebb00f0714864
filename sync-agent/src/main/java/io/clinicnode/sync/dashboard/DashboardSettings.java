package io.clinicnode.sync.dashboard;

import java.time.Duration;

import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.central.CentralTarget;

/**
 * How the central sync dashboard runs: where central is (with the read-only dashboard login), where it serves,
 * and when a clinic counts as silent or behind.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param central            central PostgreSQL and the dashboard's login (a member of {@code clinicnode_dashboard})
 * @param host               address to listen on
 * @param httpPort           port to listen on (0: any free port)
 * @param silentAfter        a clinic not heard from for longer is flagged silent
 * @param behindAfter        a clinic whose leader reports a backlog older than this is flagged behind
 * @param refresh            how often the pages fetch fresh figures
 * @param sessionIdleTimeout a staff session ends after this long without a request (the pages' refresh counts)
 */
public record DashboardSettings(CentralTarget central, String host, int httpPort, Duration silentAfter,
                                Duration behindAfter, Duration refresh, Duration sessionIdleTimeout) {
    public static final Duration DEFAULT_SILENT_AFTER = Duration.ofMinutes(5);
    public static final Duration DEFAULT_BEHIND_AFTER = Duration.ofSeconds(60);
    public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);

    public DashboardSettings {
        if (httpPort < 0 || httpPort > 65_535) {
            throw new SyncException("The dashboard's HTTP port must be between 0 and 65535, was " + httpPort + ".");
        }
        requireAtLeast("--silent-after", silentAfter, Duration.ofSeconds(10));
        requireAtLeast("--behind-after", behindAfter, Duration.ofSeconds(1));
        requireAtLeast("the refresh period", refresh, Duration.ofMillis(200));
        requireAtLeast("the session idle timeout", sessionIdleTimeout, Duration.ofMinutes(1));
        if (refresh.compareTo(Duration.ofMinutes(1)) > 0) {
            // A silent clinic must show within a minute of crossing the threshold.
            throw new SyncException("The dashboard's refresh period must be at most one minute, was " + refresh + ".");
        }
    }

    /** Settings with the defaults for everything but where central is and where to serve. */
    public static DashboardSettings of(CentralTarget central, String host, int httpPort) {
        return new DashboardSettings(central, host, httpPort, DEFAULT_SILENT_AFTER, DEFAULT_BEHIND_AFTER,
                DEFAULT_REFRESH, DEFAULT_SESSION_IDLE_TIMEOUT);
    }

    public DashboardSettings withSilentAfter(Duration value) {
        return new DashboardSettings(central, host, httpPort, value, behindAfter, refresh, sessionIdleTimeout);
    }

    public DashboardSettings withBehindAfter(Duration value) {
        return new DashboardSettings(central, host, httpPort, silentAfter, value, refresh, sessionIdleTimeout);
    }

    public DashboardSettings withRefresh(Duration value) {
        return new DashboardSettings(central, host, httpPort, silentAfter, behindAfter, value, sessionIdleTimeout);
    }

    private static void requireAtLeast(String name, Duration value, Duration minimum) {
        if (value == null || value.compareTo(minimum) < 0) {
            throw new SyncException("The dashboard's " + name + " must be at least " + minimum.toSeconds() + " s"
                    + (minimum.toSeconds() == 0 ? " (" + minimum.toMillis() + " ms)" : "") + ", was " + value + ".");
        }
    }
}
