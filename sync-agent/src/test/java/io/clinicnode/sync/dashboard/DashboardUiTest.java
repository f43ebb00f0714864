package io.clinicnode.sync.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.appliance.ui.Browser;
import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The central sync dashboard in real headless Chromium against a real PostgreSQL holding five simulated clinics,
 * whose heartbeats, lag figures, dead letters and conflicts are written through each clinic's own role, as its
 * agent would. With the system property {@code clinicnode.dashboard.screenshots} (a directory), also writes the
 * dashboard's screenshots there ({@code ./clinicnode screenshots}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardUiTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();
    private static final String STAFF = "ana";
    private static final String STAFF_PASSWORD = "central-office-1";
    private static final String READER = "dashboard_reader";
    private static final String READER_PASSWORD = "reader-password-1";

    @TempDir
    static Path profiles;

    private static final Map<String, CentralCredentials> CLINICS = new HashMap<>();
    private static String database;
    private static Dashboard dashboard;
    private static Browser browser;

    @BeforeAll
    static void centralWithFiveClinics() throws SQLException {
        database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);
        for (String[] clinic : new String[][] {{"north", "Clínica Norte"}, {"south", "Clínica Sul"},
                {"east", "Clínica Leste"}, {"west", "Clínica Oeste"}, {"fresh", "Clínica Nova"}}) {
            CLINICS.put(clinic[0], CentralAdmin.addClinic(admin, clinic[0], clinic[1], false));
        }
        StaffAdmin.add(admin, STAFF, "Ana Central", STAFF_PASSWORD.toCharArray(), false, new PasswordHasher(1_000));
        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "' IN ROLE clinicnode_dashboard");
        }

        // In sync: three nodes, lag figures for the whole last day (a bad hour 6 h ago).
        asClinic("north", """
                UPDATE clinic SET last_contact_at = now();
                INSERT INTO node_heartbeat (clinic_id, node_id, version, leader, journal_bytes, backlog_events, backlog_seconds, reported_at)
                VALUES (current_clinic(), 'node-0000000a', '0.1.0', true, 52428800, 0, 0, now()),
                       (current_clinic(), 'node-0000000b', '0.1.0', false, NULL, 0, 0, now()),
                       (current_clinic(), 'node-0000000c', '0.2.0', false, NULL, 0, 0, now());
                INSERT INTO sync_lag_minute (clinic_id, minute, lag_p99_ms, lag_max_ms, events_shipped, backlog_events_max)
                SELECT current_clinic(), date_trunc('minute', now()) - make_interval(mins => g),
                       CASE WHEN g BETWEEN 330 AND 390 THEN 2500 + g ELSE 40 + 25 * sin(g / 45.0) END,
                       CASE WHEN g BETWEEN 330 AND 390 THEN 4000 + g ELSE 90 + 40 * sin(g / 45.0) END,
                       200 + (g % 60) * 3, 0
                FROM generate_series(0, 1439) AS g;
                """);
        // Behind: contact now, but the leader has three minutes of events to ship.
        asClinic("south", """
                UPDATE clinic SET last_contact_at = now();
                INSERT INTO node_heartbeat (clinic_id, node_id, version, leader, journal_bytes, backlog_events, backlog_seconds, reported_at)
                VALUES (current_clinic(), 'node-0000005a', '0.1.0', true, 1048576, 5400, 180, now());
                """);
        // Errors: two events parked with their errors, a sync error reported, a conflict.
        asClinic("east", """
                UPDATE clinic SET last_contact_at = now();
                INSERT INTO node_heartbeat (clinic_id, node_id, version, leader, journal_bytes, backlog_events, backlog_seconds,
                                            last_error, error_open, reported_at)
                VALUES (current_clinic(), 'node-000000ea', '0.1.0', true, 2048, 0, 0, 'schema: central is at version 1, this node needs 2', true, now()),
                       (current_clinic(), 'node-000000eb', '0.1.0', false, NULL, 0, 0, NULL, false, now());
                INSERT INTO dead_letter (clinic_id, origin, origin_seq, hlc, type, key, payload, error, attempts,
                                         first_attempt_at, last_attempt_at)
                VALUES (current_clinic(), 'node-000000ea', 41, 1, 'patient.registered', 'p-41', '{}',
                        'value too long for type character varying(32)', 5, now() - interval '2 hours', now() - interval '1 hour'),
                       (current_clinic(), 'node-000000ea', 57, 2, 'appointment.booked', 'a-57', '{',
                        'invalid input syntax for type json', 5, now() - interval '30 minutes', now() - interval '20 minutes');
                INSERT INTO conflict (clinic_id, id, kind, key, detail, reported_at)
                VALUES (current_clinic(), 'node-000000ea:60', 'double-booking', 'a-60', '{"kept":"a-60","also":"a-61"}', now());
                """);
        // Silent: last heard from ten minutes ago.
        asClinic("west", """
                UPDATE clinic SET last_contact_at = now() - interval '10 minutes';
                INSERT INTO node_heartbeat (clinic_id, node_id, version, leader, journal_bytes, backlog_events, backlog_seconds, reported_at)
                VALUES (current_clinic(), 'node-000000aa', '0.1.0', true, 4096, 0, 0, now() - interval '10 minutes');
                """);
        // "fresh" never synced: silent too, and the longest silent.

        CentralTarget reader = new CentralTarget(CENTRAL.url(database), Optional.of(READER), Optional.of(READER_PASSWORD));
        dashboard = Dashboard.start(DashboardSettings.of(reader, "127.0.0.1", 0).withRefresh(Duration.ofSeconds(1)));
        browser = Browser.open("http://127.0.0.1:" + dashboard.port(), profiles, 1366, 1000);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
    }

    @Test
    @Order(1)
    void apiNeedsAStaffSessionAndAnswersProblemJson() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(api("/api/clinics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(anonymous.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'"));

        HttpResponse<String> wrong = login(http, "wrong-password");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong username or password");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(api("/api/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"ana\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"field\":\"password\"");

        HttpResponse<String> session = login(http, STAFF_PASSWORD);
        assertThat(session.statusCode()).isEqualTo(200);
        String token = session.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(api("/api/clinics/nowhere"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(unknown.body()).contains("no clinic with id 'nowhere'");
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(api("/api/clinics"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"id\":\"north\"", "\"status\":\"in sync\"");
    }

    @Test
    @Order(2)
    void pagesShowTheLoginFormUntilStaffLogIn() {
        browser.go("/");
        browser.visible(By.id("login-username"));
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=clinic-list]"))).isEmpty();
        screenshot("dashboard-login.png");

        browser.type(By.id("login-username"), STAFF);
        browser.type(By.id("login-password"), "not-the-password");
        browser.find(By.id("login-password")).sendKeys(Keys.ENTER);
        assertThat(browser.textWith(By.cssSelector("[data-testid=login-problem]"), "Wrong")).contains("Wrong username or password");

        logIn();
        browser.visible(By.cssSelector("[data-testid=clinic-list]"));
        assertThat(browser.find(By.id("who")).getText()).isEqualTo("Ana Central");
    }

    @Test
    @Order(3)
    void listsEveryClinicWorstFirstWithItsStatus() {
        logIn();
        browser.consoleErrors(); // the refused logins of the test before
        browser.go("/#/");
        browser.until(driver -> rows().size() == 5 ? true : null);

        assertThat(rows().stream().map(row -> row.getAttribute("data-clinic-id")).toList())
                .containsExactly("fresh", "west", "east", "south", "north");
        assertThat(rows().stream().map(row -> row.getAttribute("data-status")).toList())
                .containsExactly("silent", "silent", "errors", "behind", "in sync");
        WebElement north = row("north");
        assertThat(north.findElement(By.cssSelector("[data-testid=nodes]")).getText()).isEqualTo("3");
        assertThat(north.getText()).contains("0.1.0", "0.2.0", "Clínica Norte");
        assertThat(row("south").findElement(By.cssSelector("[data-testid=seconds-behind]")).getText()).isEqualTo("3 min");
        assertThat(row("west").findElement(By.cssSelector("[data-testid=last-contact]")).getText()).isEqualTo("10 min ago");
        assertThat(row("fresh").findElement(By.cssSelector("[data-testid=last-contact]")).getText()).isEqualTo("never");
        assertThat(row("east").getText()).contains("schema: central is at version 1");
        assertThat(browser.consoleErrors()).isEmpty();
        screenshot("dashboard-clinics.png");
    }

    @Test
    @Order(4)
    void clinicPageShowsNodesLagChartDeadLettersAndConflicts() {
        logIn();
        browser.go("/#/clinics/north");
        WebElement page = browser.visible(By.cssSelector("[data-testid=clinic-page][data-clinic-id=north]"));
        assertThat(page.getAttribute("data-status")).isEqualTo("in sync");
        assertThat(browser.driver().findElements(By.cssSelector("[data-testid=nodes-table] tbody tr"))).hasSize(3);
        assertThat(browser.find(By.cssSelector("[data-testid=nodes-table]")).getText())
                .contains("node-0000000a", "leader", "50.0 MiB", "0.2.0");
        WebElement chart = browser.find(By.cssSelector("[data-testid=lag-chart]"));
        // 24 h of minutes in 5-minute buckets: 288, or 289 when the window starts inside a bucket.
        assertThat(Integer.parseInt(chart.getAttribute("data-points"))).isBetween(288, 289);
        String line = chart.findElement(By.cssSelector("path.series-p99")).getAttribute("d");
        assertThat(line.split("L")).hasSizeGreaterThan(280);
        assertThat(browser.find(By.cssSelector("[data-testid=throughput-chart]")).findElements(By.cssSelector("rect.bar")))
                .hasSizeGreaterThan(280);
        assertThat(browser.find(By.cssSelector("[data-testid=throughput-hour]")).getText()).containsIgnoringCase("events last hour");
        browser.find(By.cssSelector("[data-testid=no-dead-letters]"));
        screenshot("dashboard-clinic.png");

        browser.go("/#/clinics/east");
        browser.visible(By.cssSelector("[data-testid=clinic-page][data-clinic-id=east]"));
        String deadLetters = browser.find(By.cssSelector("[data-testid=dead-letters]")).getText();
        assertThat(deadLetters).contains("node-000000ea:41", "patient.registered", "value too long for type character varying(32)",
                "node-000000ea:57", "invalid input syntax for type json");
        assertThat(browser.find(By.cssSelector("[data-testid=conflicts]")).getText()).contains("double-booking", "a-60");
        assertThat(browser.find(By.cssSelector("[data-testid=last-error]")).getText()).contains("schema: central is at version 1");
        assertThat(browser.consoleErrors()).isEmpty();
        screenshot("dashboard-clinic-errors.png");
    }

    @Test
    @Order(5)
    void refreshesWithoutReloadWhenHeartbeatsArriveOrStop() throws SQLException {
        logIn();
        browser.go("/#/");
        browser.until(driver -> rows().size() == 5 ? true : null);
        browser.script("window.notReloaded = true");

        // The silent clinic is heard from again, with a second node; the one in sync stops talking.
        asClinic("west", """
                UPDATE clinic SET last_contact_at = now();
                INSERT INTO node_heartbeat (clinic_id, node_id, version, leader, journal_bytes, backlog_events, backlog_seconds, reported_at)
                VALUES (current_clinic(), 'node-000000aa', '0.2.0', true, 4096, 0, 0, now()),
                       (current_clinic(), 'node-000000ab', '0.2.0', false, NULL, 0, 0, now())
                ON CONFLICT (clinic_id, node_id) DO UPDATE SET version = EXCLUDED.version, reported_at = EXCLUDED.reported_at;
                """);
        asClinic("north", "UPDATE clinic SET last_contact_at = now() - interval '301 seconds'");

        browser.until(driver -> "in sync".equals(row("west").getAttribute("data-status")) ? true : null);
        assertThat(row("west").findElement(By.cssSelector("[data-testid=nodes]")).getText()).isEqualTo("2");
        browser.until(driver -> "silent".equals(row("north").getAttribute("data-status")) ? true : null);
        assertThat(rows().stream().map(row -> row.getAttribute("data-clinic-id")).toList())
                .containsExactly("fresh", "north", "east", "south", "west");
        assertThat(browser.script("return window.notReloaded === true")).isEqualTo(true);
    }

    private static void logIn() {
        if (browser.script("return sessionStorage.getItem('cn.dashboard.token')") != null) {
            return;
        }
        browser.go("/");
        browser.type(By.id("login-username"), STAFF);
        browser.type(By.id("login-password"), STAFF_PASSWORD);
        browser.find(By.id("login-password")).sendKeys(Keys.ENTER);
        browser.visible(By.cssSelector("[data-testid=clinic-list]"));
    }

    private static List<WebElement> rows() {
        return browser.driver().findElements(By.cssSelector("[data-testid=clinic-list] tbody tr"));
    }

    private static WebElement row(String clinicId) {
        return browser.find(By.cssSelector("[data-testid=clinic-list] tr[data-clinic-id=" + clinicId + "]"));
    }

    private static HttpResponse<String> login(HttpClient http, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(api("/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + STAFF + "\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI api(String path) {
        return URI.create("http://127.0.0.1:" + dashboard.port() + path);
    }

    /** Runs {@code sql} logged in as the clinic's own role (row-level security keeps it to its rows). */
    private static void asClinic(String clinicId, String sql) throws SQLException {
        try (Connection connection = CLINICS.get(clinicId).target(CENTRAL.url(database)).connect("simulated " + clinicId, 30);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void screenshot(String name) {
        String directory = System.getProperty("clinicnode.dashboard.screenshots");
        if (directory != null && !directory.isBlank()) {
            browser.script("window.scrollTo(0, 0)");
            browser.screenshot(Path.of(directory).resolve(name));
        }
    }
}
