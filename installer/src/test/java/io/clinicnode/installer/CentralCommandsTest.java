package io.clinicnode.installer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CentralCommandsTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void centralInitIsIdempotent() {
        String url = CENTRAL.adminUrl(CENTRAL.createDatabase());

        assertThat(run("central-init", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);
        assertThat(run("central-init", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);

        assertThat(out.toString()).contains("is at version " + CentralSchema.REQUIRED_VERSION).doesNotContain("user=postgres");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void addClinicPrintsCredentialsOrWritesThemPrivately() throws Exception {
        String url = CENTRAL.adminUrl(CENTRAL.createDatabase());
        run("central-init", "--central-url", url);
        out.getBuffer().setLength(0);

        assertThat(run("central-add-clinic", "cli-printed", "--central-url", url)).isEqualTo(ClinicNodeCli.OK);
        assertThat(out.toString()).contains("clinic-id=cli-printed", "user=clinic_cli_printed", "password=");

        Path file = temp.resolve("central.credentials");
        assertThat(run("central-add-clinic", "cli-filed", "--name", "Clínica", "--central-url", url,
                "--credentials-file", file.toString())).isEqualTo(ClinicNodeCli.OK);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CentralCredentials.load(file).user()).isEqualTo("clinic_cli_filed");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void unreachableCentralIsOneSentence() {
        assertThat(run("central-init", "--central-url", "jdbc:postgresql://127.0.0.1:1/clinicnode")).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: Cannot create or migrate the central schema at"
                + " jdbc:postgresql://127.0.0.1:1/clinicnode").hasLineCount(1);
    }

    @Test
    void notAJdbcUrlIsOneSentence() {
        assertThat(run("central-add-clinic", "x", "--central-url", "postgres://h/db")).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: The central URL must be a PostgreSQL JDBC URL").hasLineCount(1);
    }

    private int run(String... args) {
        return ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
