package io.clinicnode.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.InstallerException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicnode cluster-bench}: replication throughput, convergence and failover times of a local cluster. */
@Command(name = "cluster-bench", description = "Measure a clinic cluster of node processes on this machine: replicated"
        + " booking throughput and latency, convergence after a burst, and failover times after SIGKILL and SIGSTOP."
        + " Prints plain lines.")
final class ClusterBenchCommand implements Callable<Integer> {
    @Option(names = "--nodes", defaultValue = "3", description = "Cluster members, 2 to 5 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent booking clients, spread over the nodes (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds of measured booking (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--work-dir", defaultValue = "cluster-bench-data", description = "Where the members' data goes; emptied first (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (nodes < 2 || nodes > 5) {
            throw new InstallerException("--nodes must be between 2 and 5, was " + nodes + ".");
        }
        if (clients < 1 || seconds < 1) {
            throw new InstallerException("--clients and --seconds must be 1 or more.");
        }
        new ClusterBench(workDir, nodes, clients, Duration.ofSeconds(seconds), System.out).run();
        return ClinicNodeCli.OK;
    }
}
