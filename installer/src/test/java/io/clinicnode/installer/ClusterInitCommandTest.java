package io.clinicnode.installer;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.clinicnode.appliance.atrest.DataKey;

import io.clinicnode.cluster.ClusterCredentials;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterInitCommandTest {
    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void createsTheCredentialsAndSaysWhatItMade() {
        Path dir = temp.resolve("clinic-cluster");

        assertThat(run("cluster-init", dir.toString())).isEqualTo(ClinicNodeCli.OK);

        ClusterCredentials credentials = ClusterCredentials.load(dir);
        assertThat(out.toString()).startsWith("Created the cluster credentials of a new clinic in " + dir)
                .contains(credentials.caFingerprint()).contains("--data-key " + dir.resolve("data.key")).hasLineCount(1);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void writesTheClinicsDataKeyForOnlyItsOwnerToRead() throws IOException {
        Path dir = temp.resolve("clinic-cluster");

        assertThat(run("cluster-init", dir.toString())).isEqualTo(ClinicNodeCli.OK);

        Path key = dir.resolve("data.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(DataKey.load(key).checkValue()).hasSize(32);
    }

    @Test
    void refusesAnExistingNonEmptyDirectoryWithOneSentence() throws IOException {
        Path dir = temp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThat(run("cluster-init", dir.toString())).isEqualTo(ClinicNodeCli.FAILED);

        assertThat(err.toString()).startsWith("ERROR: " + dir + " already exists and is not empty").hasLineCount(1);
        assertThat(Files.readString(dir.resolve("notes.txt"))).isEqualTo("keep me");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void printsTheJoinToken() {
        Path dir = temp.resolve("clinic-cluster");
        run("cluster-init", dir.toString());
        out.getBuffer().setLength(0);

        assertThat(run("cluster-token", dir.toString())).isEqualTo(ClinicNodeCli.OK);

        assertThat(out.toString().strip()).isEqualTo(ClusterCredentials.load(dir).joinToken()).startsWith("CN1::");
    }

    @Test
    void aTokenFromAMissingDirectorySaysHowToCreateOne() {
        Path dir = temp.resolve("nowhere");

        assertThat(run("cluster-token", dir.toString())).isEqualTo(ClinicNodeCli.FAILED);

        assertThat(err.toString()).startsWith("ERROR: The cluster directory " + dir + " does not exist").contains("cluster-init");
    }

    @Test
    void withoutADirectoryItIsAUsageError() {
        assertThat(run("cluster-init")).isEqualTo(ClinicNodeCli.USAGE);
    }

    private int run(String... args) {
        return ClinicNodeCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }
}
