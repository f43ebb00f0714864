package io.clinicnode.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code installer/src/dist/build-dist.sh} on the built installer (failsafe runs after {@code package}): the tar.gz has
 * the launcher, the jar and its libraries, the jlink'd runtime and the hardened unit; the bundled launcher runs the
 * bundled runtime; the .deb carries the unit, the launcher and a postinst that makes the service user.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class DistPackageTest {
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @TempDir
    Path temp;

    @Test
    void buildsATarballAndADebWithTheBundledRuntimeTheLauncherAndAHardenedUnit() throws Exception {
        assertThat(run(REPO, List.of(REPO.resolve("installer/src/dist/build-dist.sh").toString(), REPO.toString()))).isZero();
        String version = Files.readString(REPO.resolve("installer/target/classes/io/clinicnode/installer/version.txt")).strip();
        Path tarball = REPO.resolve("dist/clinicnode-" + version + "-linux-x64.tar.gz");
        Path deb = REPO.resolve("dist/clinicnode_" + version + "_amd64.deb");
        assertThat(tarball).isRegularFile();
        assertThat(deb).isRegularFile();

        assertThat(run(temp, List.of("tar", "-xzf", tarball.toString()))).isZero();
        Path app = temp.resolve("clinicnode-" + version);
        assertThat(app.resolve("clinicnode.jar")).isRegularFile();
        assertThat(app.resolve("lib")).isDirectoryContaining(path -> path.getFileName().toString().startsWith("helidon-webserver"));
        assertThat(app.resolve("runtime/bin/java")).isExecutable();
        assertThat(app.resolve("share/clinicnode.yaml.example")).isRegularFile();

        String unit = Files.readString(app.resolve("share/clinicnode.service"));
        assertThat(unit.lines()).contains("User=clinicnode", "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes",
                "PrivateTmp=yes", "ReadWritePaths=/var/lib/clinicnode", "ExecStart=/opt/clinicnode/bin/clinicnode run");
        assertThat(unit.lines()).noneMatch(line -> line.startsWith("MemoryDenyWriteExecute"));

        Path output = temp.resolve("version.txt");
        assertThat(run(temp, List.of(app.resolve("bin/clinicnode").toString(), "--version"), output)).isZero();
        assertThat(Files.readString(output)).contains("ClinicNode");
        assertThat(run(temp, List.of(app.resolve("runtime/bin/java").toString(), "--list-modules"), output)).isZero();
        assertThat(Files.readString(output)).contains("jdk.unsupported", "jdk.crypto.ec", "java.sql", "jdk.management");

        assertThat(run(temp, List.of("dpkg-deb", "--contents", deb.toString()), output)).isZero();
        assertThat(Files.readString(output)).contains("./lib/systemd/system/clinicnode.service", "./opt/clinicnode/runtime/bin/java",
                "./usr/bin/clinicnode -> /opt/clinicnode/bin/clinicnode");
        assertThat(run(temp, List.of("dpkg-deb", "--ctrl-tarfile", deb.toString()), temp.resolve("control.tar"))).isZero();
        assertThat(run(temp, List.of("tar", "-xf", "control.tar", "./postinst"))).isZero();
        assertThat(Files.readString(temp.resolve("postinst"))).contains("useradd --system");
    }

    private static int run(Path directory, List<String> command) throws IOException, InterruptedException {
        return run(directory, command, null);
    }

    private static int run(Path directory, List<String> command, Path output) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        if (output != null) {
            builder.redirectOutput(output.toFile());
        } else {
            builder.inheritIO();
        }
        Process process = builder.start();
        if (!process.waitFor(12, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in time");
        }
        return process.exitValue();
    }
}
