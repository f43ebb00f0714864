package io.clinicnode.installer;

import java.nio.file.Path;

import io.clinicnode.installer.box.BoxLayout;

import picocli.CommandLine.Option;

/**
 * Where a command finds a node's files: {@code --data-dir DIR}, or {@code --root DIR} (a file-system root, like
 * DESTDIR, so tests can make several boxes on one machine): data in {@code ROOT/var/lib/clinicnode}, configuration in
 * {@code ROOT/etc/clinicnode}. Without either, the box's own root {@code /}.
 */
public final class DataLocation {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "The node's data directory.")
    Path dataDir;

    @Option(names = "--root", paramLabel = "DIR", description = "File-system root the node is installed under (default /):"
            + " data in ROOT/var/lib/clinicnode, configuration in ROOT/etc/clinicnode.")
    Path root;

    public Path dataDir() {
        if (dataDir != null && root != null) {
            throw new IllegalArgumentException("Give --data-dir or --root, not both.");
        }
        return dataDir != null ? dataDir : layout().dataDir();
    }

    public Path root() {
        return root != null ? root : Path.of("/");
    }

    public Path configDir() {
        return layout().configDir();
    }

    /** The box's layout under the root (the one place that says where what lives). */
    public BoxLayout layout() {
        return BoxLayout.of(root());
    }

    /** Whether the technician named the place (else the box's own installation is meant). */
    public boolean given() {
        return dataDir != null || root != null;
    }
}
