package io.clinicnode.installer;

import java.nio.file.Path;

import io.clinicnode.installer.box.BoxLayout;

import picocli.CommandLine.Option;

/** {@code --root} and {@code --verbose}, which every box command takes. */
final class BoxOptions {
    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/", description = "Alternative file-system root, like"
            + " DESTDIR: settings in DIR/etc/clinicnode, data in DIR/var/lib/clinicnode (default ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    BoxLayout layout() {
        return BoxLayout.of(root);
    }
}
