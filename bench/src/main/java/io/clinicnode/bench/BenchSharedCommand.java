package io.clinicnode.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.clinicnode.installer.ClinicNodeCli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicnode bench-shared}: what shared sessions and the near cache cost, with node processes on this machine. */
@Command(name = "bench-shared", description = "Measure start to ready alone and clustered (Hazelcast), session check cost alone"
        + " and clustered, a session check right after the node that opened it was killed, and the near cache's effect on"
        + " the day's agenda. Prints plain lines.")
final class BenchSharedCommand implements Callable<Integer> {
    @Option(names = "--checks", defaultValue = "2000", description = "Timed requests per measurement (default ${DEFAULT-VALUE}).")
    int checks;

    @Option(names = "--work-dir", defaultValue = "bench-data/shared", description = "Data directories of the bench's nodes;"
            + " emptied first (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        return new SharedStateBench(workDir, checks, System.out).run() ? ClinicNodeCli.OK : ClinicNodeCli.FAILED;
    }
}
