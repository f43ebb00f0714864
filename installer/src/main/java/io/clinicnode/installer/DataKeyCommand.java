package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.atrest.DataKey;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clinicnode data-key create FILE}: a new random data key for encryption at rest; never overwrites. */
@Command(name = "data-key", description = "Manage the data key that encrypts a node's database and journal.",
        subcommands = DataKeyCommand.Create.class)
final class DataKeyCommand {
    @Command(name = "create", description = "Write a new random 256-bit data key to FILE (mode 600); an existing FILE is refused.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE", description = "New file for the key, outside any data directory.")
        Path file;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            DataKey.create(file);
            spec.commandLine().getOut().println("Created a new data key in " + file + ". Start nodes with --data-key "
                    + file + " (new data directories only) and keep a copy offline: without it the data cannot be read.");
            return ClinicNodeCli.OK;
        }
    }
}
