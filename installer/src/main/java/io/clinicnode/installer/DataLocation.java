package io.clinicnode.installer;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * Where a command finds a node's files: {@code --data-dir DIR}, or {@code --root DIR} (a file-system root, like
 * DESTDIR, so tests can make several boxes on one machine): data in {@code ROOT/var/lib/clinicnode}, configuration in
 * {@code ROOT/etc/clinicnode}. Without either, the box's own root {@code /}.
 */
public final class DataLocation {
    /** The data directory under a root. */
    public static final String DATA_UNDER_ROOT = "var/lib/clinicnode";
    /** The configuration directory under a root. */
    public static final String CONFIG_UNDER_ROOT = "etc/clinicnode";

    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--root", paramLabel = "DIR", description = "File-system root the node is installed under (default /):"
            + " data in ROOT/" + DATA_UNDER_ROOT + ", configuration in ROOT/" + CONFIG_UNDER_ROOT + ".")
    Path root;

    public Path dataDir() {
        if (dataDir != null && root != null) {
            throw new IllegalArgumentException("Give --data-dir or --root, not both.");
        }
        return dataDir != null ? dataDir : root().resolve(DATA_UNDER_ROOT);
    }

    public Path root() {
        return root != null ? root : Path.of("/");
    }

    public Path configDir() {
        return root().resolve(CONFIG_UNDER_ROOT);
    }

    /** Whether the technician named the place (else the box's own installation is meant). */
    public boolean given() {
        return dataDir != null || root != null;
    }
}
