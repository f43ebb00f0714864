package io.clinicnode.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.replication.Replication;

/**
 * The release of this build (the Maven project version, filtered into {@code version.txt} at build time), which each
 * member reports in {@code GET /api/cluster} with its formats, so that technicians (and {@code clinicnode upgrade}) see
 * mixed versions during an upgrade.
 */
public final class NodeVersion {
    public static final String CURRENT = read();
    /** The newest journal event format this release writes and reads; see {@link Event#FORMAT_VERSION}. */
    public static final int EVENT_FORMAT = Event.FORMAT_VERSION;
    /** The newest node-to-node message format this release speaks; see {@link Replication#MESSAGE_FORMAT}. */
    public static final int MESSAGE_FORMAT = Replication.MESSAGE_FORMAT;

    private NodeVersion() {
    }

    private static String read() {
        try (InputStream in = NodeVersion.class.getResourceAsStream("version.txt")) {
            return in == null ? "unknown" : new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
