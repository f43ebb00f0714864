package io.clinicnode.installer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;

import io.clinicnode.installer.InstallerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeProcessTest {
    @TempDir
    Path work;

    @Test
    void reportsANodeThatExitsBeforeItIsReadyAtOnceWithItsOutput() {
        long started = System.nanoTime();

        assertThatThrownBy(() -> NodeProcess.builder(work.resolve("node"))
                .adminPassword("secret-password")
                .configFile(work.resolve("missing.yaml"))
                .readyTimeout(Duration.ofSeconds(60))
                .start())
                .isInstanceOf(InstallerException.class)
                .hasMessageContaining("exited with code 1 before it was ready")
                .hasMessageContaining("ERROR: The config file");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to notice").isLessThan(Duration.ofSeconds(30));
    }
}
