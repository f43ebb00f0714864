package io.clinicnode.appliance;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeStartFailureTest {
    @TempDir
    Path dataDir;

    @Test
    void aStartThatCannotListenClosesWhatItOpenedSoTheDataDirectoryServesAtOnce() throws IOException {
        long writersBefore = threadsNamed("journal-writer");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RunningNode.start(dataDir, Map.of("http-port", Integer.toString(taken.getLocalPort()))))
                    .isInstanceOf(ApplianceException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1 port " + taken.getLocalPort());
        }

        assertThat(threadsNamed("journal-writer")).as("journal writers left running").isEqualTo(writersBefore);
        assertThat(lockedInThisProcess(dataDir.resolve("db").resolve("clinic.mv.db"))).as("H2 file still open").isFalse();
        try (RunningNode again = RunningNode.start(dataDir)) {
            assertThat(again.admin().post("/api/patients", Json.createObjectBuilder()
                    .add("fullName", "After A Failed Start").add("birthDate", "1990-01-01").build()).status()).isEqualTo(201);
        }
    }

    private static long threadsNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).count();
    }

    /** Whether a file lock of this JVM covers {@code file} (another of its channels then cannot lock it). */
    private static boolean lockedInThisProcess(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }
}
