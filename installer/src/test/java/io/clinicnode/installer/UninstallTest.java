package io.clinicnode.installer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.clinicnode.installer.process.NodeProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code clinicnode uninstall --root DIR} in a child JVM on an installed layout: the program and service files go, the
 * data and configuration stay; {@code --purge} deletes them only after the typed confirmation matches, or with
 * {@code --force}.
 */
class UninstallTest {
    @TempDir
    Path root;

    /** What the technician types, kept outside the root that --purge empties. */
    @TempDir
    Path typed;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void keepsTheDataUnlessPurgedWithConfirmation() throws Exception {
        Path program = write("usr/lib/clinicnode/lib/clinicnode.jar");
        Path unit = write("etc/systemd/system/clinicnode.service");
        Path timer = write("etc/systemd/system/clinicnode-backup.timer");
        Path data = write("var/lib/clinicnode/db/clinic.mv.db");
        Path key = write("etc/clinicnode/backup.key");
        Path backup = write("var/backups/clinicnode/clinicnode-backup-c-n-20260101T000000Z.cnb");

        List<String> output = new ArrayList<>();
        assertThat(run(output, null, "uninstall", "--root", root.toString())).as("%s", output).isZero();
        assertThat(program.getParent().getParent()).doesNotExist();
        assertThat(unit).doesNotExist();
        assertThat(timer).doesNotExist();
        assertThat(data).exists();
        assertThat(key).exists();
        assertThat(output).anyMatch(line -> line.startsWith("Kept the clinic's data"));

        output.clear();
        assertThat(run(output, "yes\n", "uninstall", "--root", root.toString(), "--purge")).isEqualTo(1);
        assertThat(output).anyMatch(line -> line.contains("ERROR: The confirmation did not match; nothing was removed."));
        assertThat(data).exists();

        output.clear();
        String typed = root.resolve("var/lib/clinicnode") + "\n";
        assertThat(run(output, typed, "uninstall", "--root", root.toString(), "--purge")).as("%s", output).isZero();
        assertThat(root.resolve("var/lib/clinicnode")).doesNotExist();
        assertThat(root.resolve("etc/clinicnode")).doesNotExist();
        assertThat(backup).as("backups are kept even by --purge").exists();

        write("var/lib/clinicnode/db/clinic.mv.db");
        output.clear();
        assertThat(run(output, null, "uninstall", "--root", root.toString(), "--purge", "--force")).isZero();
        assertThat(root.resolve("var/lib/clinicnode")).doesNotExist();
    }

    private Path write(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "x");
    }

    /** Runs the CLI in a child JVM with {@code input} (or nothing) on its standard input. */
    private int run(List<String> output, String input, String... args) throws Exception {
        Path inputFile = Files.writeString(typed.resolve("input-" + System.nanoTime() + ".txt"), input == null ? "" : input,
                StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(NodeProcess.cliCommand(List.of(args))).redirectErrorStream(true)
                .redirectInput(inputFile.toFile());
        Process process = builder.start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        output.addAll(text.lines().toList());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
