package io.clinicnode.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.clinicnode.appliance.atrest.DataKey;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands around data at rest: {@code data-key create}, and a node refusing a data directory others can read. */
class DataAtRestCommandsTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void createsADataKeyOnlyItsOwnerReadsAndNeverOverwritesOne() throws IOException {
        Path key = temp.resolve("etc").resolve("data.key");

        assertThat(run("data-key", "create", key.toString())).isEqualTo(ClinicNodeCli.OK);

        assertThat(out.toString()).startsWith("Created a new data key in " + key).contains("--data-key " + key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        String before = Files.readString(key);
        String check = DataKey.load(key).checkValue();

        assertThat(run("data-key", "create", key.toString())).isEqualTo(ClinicNodeCli.FAILED);
        assertThat(err.toString()).startsWith("ERROR: The data key " + key + " already exists").hasLineCount(1);
        assertThat(Files.readString(key)).isEqualTo(before);
        assertThat(DataKey.load(key).checkValue()).isEqualTo(check);
    }

    @Test
    void aNodeRefusesADataDirectoryOthersCanReadWithTheChmodToRun() throws IOException {
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        Files.writeString(dataDir.resolve("old-file"), "from an older version");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(run("node", "--data-dir", dataDir.toString(), "--http-port", "0", "--host", "127.0.0.1"))
                .isEqualTo(ClinicNodeCli.FAILED);

        Path absolute = dataDir.toAbsolutePath();
        assertThat(err.toString()).isEqualTo("ERROR: The data directory " + absolute + " is readable by other users; run:"
                + " chmod -R go-rwx " + absolute + System.lineSeparator());
    }

    @Test
    void createDataKeyNeedsTheFileToPutItIn() {
        assertThat(run("node", "--data-dir", temp.resolve("data").toString(), "--create-data-key")).isEqualTo(ClinicNodeCli.FAILED);

        assertThat(err.toString()).startsWith("ERROR: --create-data-key needs --data-key FILE");
    }

    private int run(String... args) {
        return ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
