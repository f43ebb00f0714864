package io.clinicnode.installer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.dashboard.Dashboard;
import io.clinicnode.sync.dashboard.DashboardSettings;
import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardCommandsTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void staffAddedWithPasswordFromStandardInputCanLogInUntilDisabled() throws Exception {
        String database = CENTRAL.createDatabase();
        String url = CENTRAL.adminUrl(database);
        assertThat(run("central-init", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);

        assertThat(runWithInput("long-enough-password\n", "dashboard-user", "add", "Bruno", "--display-name", "Bruno Lima",
                "--central-url", url)).isEqualTo(ClinicNodeCli.OK);
        assertThat(runWithInput("another-password-2\n", "dashboard-user", "add", "bruno", "--central-url", url))
                .isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).isEqualTo("ERROR: Dashboard user 'bruno' exists already. Pass --replace to give it a new password.\n");

        CentralTarget reader = new CentralTarget(url, Optional.empty(), Optional.empty());
        try (Dashboard dashboard = Dashboard.start(DashboardSettings.of(reader, "127.0.0.1", 0))) {
            assertThat(login(dashboard, "long-enough-password")).isEqualTo(200);
            assertThat(login(dashboard, "another-password-2")).isEqualTo(401);

            assertThat(run("dashboard-user", "disable", "bruno", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);
            assertThat(login(dashboard, "long-enough-password")).isEqualTo(401);
        }
    }

    @Test
    void shortPasswordBadDurationAndUnreachableCentralAreOneSentence() {
        String url = CENTRAL.adminUrl(CENTRAL.createDatabase());
        assertThat(run("central-init", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);
        assertThat(runWithInput("short\n", "dashboard-user", "add", "carla", "--central-url", url)).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).isEqualTo("ERROR: The password must have at least 10 characters, had 5.\n");

        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--central-url", url, "--silent-after", "soon")).isEqualTo(ClinicNodeCli.USAGE);
        assertThat(err.toString()).contains("'soon' is not a duration; write it like 90s, 5m or 1h.");

        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--central-url", url, "--silent-after", "5s")).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: The dashboard's --silent-after must be at least 10 s").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--central-url", url, "--http-port", "0")).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Central at ").contains("has no dashboard staff yet").hasLineCount(1);

        err.getBuffer().setLength(0);
        assertThat(run("dashboard", "--central-url", "jdbc:postgresql://127.0.0.1:1/clinicnode", "--http-port", "0"))
                .isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: The dashboard cannot read central at jdbc:postgresql://127.0.0.1:1/clinicnode")
                .hasLineCount(1);
    }

    private static int login(Dashboard dashboard, String password) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + dashboard.port() + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"bruno\",\"password\":\"" + password + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private int runWithInput(String input, String... args) {
        InputStream original = System.in;
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        try {
            return run(args);
        } finally {
            System.setIn(original);
        }
    }

    private int run(String... args) {
        return ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
