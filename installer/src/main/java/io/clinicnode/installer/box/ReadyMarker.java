package io.clinicnode.installer.box;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

import io.clinicnode.installer.InstallerException;

/**
 * The file a node started from a box's settings writes once it serves and has caught up with its cluster
 * ({@link BoxLayout#readyFile()}): {@code init} and {@code join} wait for it when systemd runs the node, and
 * {@code status} shows it. Replaced atomically; removed at the start of each run. Stateless.
 *
 * @param nodeId  the node's id
 * @param url     where it serves, e.g. {@code https://192.168.1.20:8443}
 * @param members how many members its cluster had when it was ready
 * @param readyAt when it was ready
 * @param pid     the process that runs it (0 when not known), which {@code clinicnode upgrade --foreground} stops
 */
public record ReadyMarker(String nodeId, String url, int members, Instant readyAt, long pid) {
    public void write(Path file) {
        Properties properties = new Properties();
        properties.setProperty("node-id", nodeId);
        properties.setProperty("url", url);
        properties.setProperty("members", Integer.toString(members));
        properties.setProperty("ready-at", readyAt.toString());
        properties.setProperty("pid", Long.toString(pid));
        try {
            StringWriter text = new StringWriter();
            properties.store(text, "ClinicNode: this node serves and has caught up with its cluster");
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text.toString());
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InstallerException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static Optional<ReadyMarker> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            Properties properties = new Properties();
            properties.load(new StringReader(Files.readString(file)));
            return Optional.of(new ReadyMarker(properties.getProperty("node-id"), properties.getProperty("url"),
                    Integer.parseInt(properties.getProperty("members", "1")), Instant.parse(properties.getProperty("ready-at")),
                    Long.parseLong(properties.getProperty("pid", "0"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Waits until a marker newer than {@code since} appears; throws with {@code hint} when {@code timeout} passes. */
    public static ReadyMarker await(Path file, Instant since, Duration timeout, String hint) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<ReadyMarker> marker = read(file).filter(ready -> !ready.readyAt().isBefore(since));
            if (marker.isPresent()) {
                return marker.get();
            }
            Thread.sleep(250);
        }
        throw new InstallerException("The node was not ready within " + timeout.toSeconds() + " s; " + hint);
    }
}
