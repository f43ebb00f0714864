package io.clinicnode.installer;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.clinicnode.installer.upgrade.Release;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code clinicnode version}: this release and the formats it writes; {@code clinicnode upgrade} asks a package's own
 * command, so the package says what it is.
 */
@Command(name = "version", description = "Show this release and the newest journal event and node-to-node message formats it writes.")
final class VersionCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print one JSON object (for scripts).")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Release release = Release.current();
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? release.toJson().toString() : "ClinicNode " + release.version() + " (event format "
                + release.eventFormat() + ", message format " + release.messageFormat() + ")");
        out.flush();
        return ClinicNodeCli.OK;
    }
}
