package io.clinicnode.appliance.atrest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A real node's data directory at rest: private to its user, and with a data key, no patient readable in any of its
 * files; the right key opens it again, a wrong or missing one is refused with a sentence.
 */
class DataAtRestTest {
    /** Distinctive, with non-ASCII letters, so that its UTF-8 and Latin-1 bytes differ. */
    private static final String NAME = "Ximena Açucena Quintanilha-Zebedeu";
    private static final String ASCII_PART = "Quintanilha-Zebedeu";

    @TempDir
    Path temp;

    @Test
    void everyFileOfANodeIsPrivateToItsUser() throws IOException {
        Path dataDir = temp.resolve("data");
        try (RunningNode node = RunningNode.start(dataDir)) {
            register(node.admin(), NAME);
        }

        try (Stream<Path> paths = Files.walk(dataDir)) {
            for (Path path : paths.toList()) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).as(path.toString())
                        .isEqualTo(Files.isDirectory(path) ? "rwx------" : "rw-------");
            }
        }
    }

    @Test
    void aDataDirectoryOthersCanReadIsRefusedWithTheChmodToRun() throws IOException {
        Path dataDir = temp.resolve("data");
        try (RunningNode node = RunningNode.start(dataDir)) {
            register(node.admin(), NAME);
        }
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> RunningNode.start(dataDir))
                .isInstanceOf(ApplianceException.class)
                .hasMessage("The data directory " + dataDir.toAbsolutePath() + " is readable by other users; run: chmod -R go-rwx "
                        + dataDir.toAbsolutePath());
    }

    @Test
    void withADataKeyNoFileHoldsThePatientAndTheKeyOpensItAgain() throws IOException {
        Path dataDir = temp.resolve("data");
        Path key = temp.resolve("keys").resolve("data.key");
        DataKey.create(key);
        String id;
        try (RunningNode node = RunningNode.start(dataDir, Map.of("data-key", key.toString()))) {
            id = register(node.admin(), NAME);
        }

        assertThat(filesContaining(dataDir, NAME.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(filesContaining(dataDir, NAME.getBytes(StandardCharsets.ISO_8859_1))).isEmpty();
        assertThat(filesContaining(dataDir, ASCII_PART.getBytes(StandardCharsets.US_ASCII))).isEmpty();

        try (RunningNode node = RunningNode.start(dataDir, Map.of("data-key", key.toString()))) {
            ApiClient.Response read = node.admin().get("/api/patients/" + id);
            assertThat(read.status()).as(read.toString()).isEqualTo(200);
            assertThat(read.json().getString("fullName")).isEqualTo(NAME);
            assertThat(node.api().get("/observe/health").body()).contains("\"encrypted\":true");
        }
    }

    @Test
    void withoutADataKeyThePatientIsOnDiskInClear() throws IOException {
        Path dataDir = temp.resolve("data");
        try (RunningNode node = RunningNode.start(dataDir)) {
            register(node.admin(), NAME);
            assertThat(node.api().get("/observe/health").body()).contains("\"encrypted\":false");
        }

        // The check above can fail: without a key the name is there, in the journal and in the database.
        assertThat(filesContaining(dataDir, ASCII_PART.getBytes(StandardCharsets.US_ASCII)))
                .anyMatch(path -> path.toString().contains("journal"))
                .anyMatch(path -> path.toString().contains("db"));
    }

    @Test
    void aWrongOrMissingKeyIsRefusedWithASentence() {
        Path dataDir = temp.resolve("data");
        Path key = DataKey.create(temp.resolve("data.key")).file();
        Path otherKey = DataKey.create(temp.resolve("other.key")).file();
        try (RunningNode node = RunningNode.start(dataDir, Map.of("data-key", key.toString()))) {
            register(node.admin(), NAME);
        }

        assertThatThrownBy(() -> RunningNode.start(dataDir, Map.of("data-key", otherKey.toString())))
                .isInstanceOf(ApplianceException.class)
                .hasMessageStartingWith("The data key " + otherKey + " does not open the data directory " + dataDir);
        assertThatThrownBy(() -> RunningNode.start(dataDir))
                .isInstanceOf(ApplianceException.class)
                .hasMessage("The data directory " + dataDir + " is encrypted; start the node with --data-key FILE, the key"
                        + " it was created with.");
    }

    @Test
    void aKeyCannotBeAddedToADataDirectoryCreatedWithoutOne() {
        Path dataDir = temp.resolve("data");
        Path key = DataKey.create(temp.resolve("data.key")).file();
        try (RunningNode node = RunningNode.start(dataDir)) {
            register(node.admin(), NAME);
        }

        assertThatThrownBy(() -> RunningNode.start(dataDir, Map.of("data-key", key.toString())))
                .isInstanceOf(ApplianceException.class)
                .hasMessageStartingWith("The data directory " + dataDir + " was created without encryption");
    }

    @Test
    void aKeyInsideTheDataDirectoryOrReadableByOthersIsRefused() throws IOException {
        Path dataDir = temp.resolve("data");
        Path inside = DataKey.create(dataDir.resolve("data.key")).file();
        assertThatThrownBy(() -> RunningNode.start(dataDir, Map.of("data-key", inside.toString())))
                .isInstanceOf(ApplianceException.class)
                .hasMessageContaining("is inside the data directory");

        Path shared = DataKey.create(temp.resolve("shared.key")).file();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> RunningNode.start(temp.resolve("other"), Map.of("data-key", shared.toString())))
                .isInstanceOf(ApplianceException.class)
                .hasMessage("The data key " + shared + " may be read by other users (mode rw-r--r--); run: chmod 600 " + shared);
    }

    private static String register(ApiClient admin, String name) {
        ApiClient.Response created = admin.post("/api/patients", Json.createObjectBuilder()
                .add("fullName", name).add("birthDate", "1981-03-07").build());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().getString("id");
    }

    /** Every file under {@code root} whose bytes contain {@code needle}. */
    private static List<Path> filesContaining(Path root, byte[] needle) throws IOException {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                if (indexOf(Files.readAllBytes(file), needle) >= 0) {
                    found.add(file);
                }
            }
        }
        return found;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start <= haystack.length - needle.length; start++) {
            for (int i = 0; i < needle.length; i++) {
                if (haystack[start + i] != needle[i]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
