package io.clinicnode.sync.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.SecurityHeaders;
import io.clinicnode.appliance.session.LocalLoginThrottle;
import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.ui.UiBundle;
import io.clinicnode.appliance.ui.UiService;
import io.clinicnode.appliance.user.PasswordHasher;

import io.helidon.webserver.WebServer;

import org.tinylog.Logger;

/**
 * The central sync dashboard: a web server reading central PostgreSQL with a read-only login, serving the pages
 * ({@code dashboard-web/}, with the node's strict security headers and hashed, immutable assets) and the JSON
 * API behind them ({@code /api/session}, {@code /api/clinics}).
 *
 * <p>Thread-safe.
 */
public final class Dashboard implements AutoCloseable {
    /** Classpath folder of the pages. */
    static final String WEB_ROOT = "dashboard-web";

    private final ReadOnlyCentral central;
    private final WebServer server;

    private Dashboard(ReadOnlyCentral central, WebServer server) {
        this.central = central;
        this.server = server;
    }

    /** Connects to central (failing with a sentence when it cannot) and starts serving. */
    public static Dashboard start(DashboardSettings settings) {
        Clock clock = Clock.systemUTC();
        UiBundle ui = UiBundle.load(WEB_ROOT, "en", "UTC");
        ReadOnlyCentral central = ReadOnlyCentral.open(settings.central());
        try {
            StaffDirectory staff = new StaffDirectory(central);
            StaffSessions sessions = new StaffSessions(settings.sessionIdleTimeout(), clock);
            ClinicQueries queries = new ClinicQueries(central, settings.silentAfter(), settings.behindAfter());
            PasswordHasher hasher = new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS);
            LoginThrottle throttle = new LocalLoginThrottle(LoginThrottle.MAX_FAILURES, LoginThrottle.WINDOW, clock);
            JsonBodies bodies = new JsonBodies(16 * 1024);
            WebServer server = WebServer.builder()
                    .host(settings.host())
                    .port(settings.httpPort())
                    .maxPayloadSize(64 * 1024)
                    .routing(routing -> {
                        routing.addFilter(new SecurityHeaders(Set::of))
                                .addFilter(new StaffAuthenticator(sessions, staff))
                                .register("/api/session", new StaffSessionService(sessions, staff, hasher, throttle, bodies))
                                .register("/api/clinics", new ClinicService(queries, settings))
                                .register(new UiService(ui));
                        ProblemHandlers.register(routing);
                    })
                    .build()
                    .start();
            Logger.info("Sync dashboard serving on port {}, reading central at {}", server.port(), settings.central().displayUrl());
            return new Dashboard(central, server);
        } catch (RuntimeException e) {
            central.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
        central.close();
    }
}
