package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clinicnode cluster-init DIR}: a new clinic's cluster credentials; never overwrites a non-empty DIR. */
@Command(name = "cluster-init", description = "Create a new clinic's cluster credentials (clinic CA, member certificate,"
        + " cluster key, join secret) and the clinic's data key (data.key) in DIR, readable only by you.")
final class ClusterInitCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "New or empty directory for the credentials.")
    Path directory;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ClusterCredentials credentials = ClusterInit.create(directory);
        // One data key for the clinic: any node's backup then restores on any node with the same key.
        Path dataKey = directory.resolve(DataKey.CLUSTER_FILE_NAME);
        DataKey.create(dataKey);
        spec.commandLine().getOut().println("Created the cluster credentials of a new clinic in " + directory
                + " (cluster " + credentials.clusterName() + ", CA SHA-256 " + credentials.caFingerprint()
                + "): clinic CA, member certificate, 256-bit cluster key, join secret and data key; start each node with"
                + " --cluster-dir " + directory + " --data-key " + dataKey + ", keep the directory private and a copy of "
                + dataKey + " offline (without it the data cannot be read).");
        return ClinicNodeCli.OK;
    }
}
