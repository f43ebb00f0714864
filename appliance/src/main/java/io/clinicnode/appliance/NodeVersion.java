package io.clinicnode.appliance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The release of this build (the Maven project version, filtered into {@code version.txt} at build time), which each
 * member reports in {@code GET /api/cluster} so that technicians see mixed versions during an upgrade.
 */
public final class NodeVersion {
    public static final String CURRENT = read();

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
