package io.clinicnode.installer;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The node's HTTPS options reach its configuration: contradictions are refused with a sentence, before anything starts. */
class NodeHttpsOptionsTest {
    @TempDir
    Path temp;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void ownCertificateWithoutAnHttpsPortIsRefused() {
        int exit = run("node", "--data-dir", temp.resolve("data").toString(), "--tls-cert", "c.pem", "--tls-key", "k.pem");

        assertThat(exit).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: ").contains("--https-port").doesNotContain("Exception");
        assertThat(temp.resolve("data")).doesNotExist();
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        int exit = run("node", "--data-dir", temp.resolve("data").toString(), "--https-port", "8443", "--tls-cert", "c.pem");

        assertThat(exit).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: ").contains("(--tls-key) is required");
    }

    @Test
    void aMissingCertificateFileIsNamed() {
        Path missing = temp.resolve("missing.pem");
        int exit = run("node", "--data-dir", temp.resolve("data").toString(), "--http-port", "0", "--host", "127.0.0.1",
                "--https-port", "0", "--tls-cert", missing.toString(), "--tls-key", missing.toString());

        assertThat(exit).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: HTTPS cannot start: " + missing + " does not exist");
    }

    private int run(String... args) {
        return ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
