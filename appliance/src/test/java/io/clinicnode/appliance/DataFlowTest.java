package io.clinicnode.appliance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Data flows one way (HTTP → write → journal → projection → replication): the lower packages never reach back up. */
class DataFlowTest {
    private static final Path SOURCES = Path.of("src/main/java/io/clinicnode/appliance");
    private static final List<String> BELOW_HTTP = List.of("journal", "store", "write", "replication", "shared", "session/shared");

    @Test
    void packagesBelowHttpNeverImportIt() {
        List<String> offenders;
        try (Stream<Path> files = BELOW_HTTP.stream().flatMap(DataFlowTest::javaFiles)) {
            offenders = files.filter(DataFlowTest::importsHttp).map(file -> SOURCES.relativize(file).toString()).toList();
        }

        assertThat(offenders).as("files below http that import it").isEmpty();
    }

    private static Stream<Path> javaFiles(String directory) {
        try {
            return Files.walk(SOURCES.resolve(directory)).filter(file -> file.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean importsHttp(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.anyMatch(line -> line.matches("import (static )?io\\.clinicnode\\.appliance\\.http\\..*"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
