package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.clinicnode.cluster.ClusterCredentials;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clinicnode cluster-token DIR}: prints the join token of the clinic whose credentials are in DIR. */
@Command(name = "cluster-token", description = "Print the join token (CA fingerprint and join secret) of the clinic"
        + " whose cluster credentials are in DIR.")
final class ClusterTokenCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory made by cluster-init.")
    Path directory;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ClusterCredentials.load(directory).joinToken());
        return ClinicNodeCli.OK;
    }
}
