package io.clinicnode.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.clinicnode.installer.ClinicNodeCli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicnode bench}: start time, booking throughput and search latency of node processes on this machine. */
@Command(name = "bench", description = "Measure node start to ready, appointment booking throughput and patient search"
        + " latency on this machine, with node processes started as the launcher starts them. Prints plain lines.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--patients", defaultValue = "1000000", description = "Patients in the search data set (default ${DEFAULT-VALUE}).")
    long patients;

    @Option(names = "--clients", defaultValue = "32", description = "Concurrent booking clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds of measured booking (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--work-dir", defaultValue = "bench-data", description = "Where the data sets live; a generated one is"
            + " reused by later runs (default ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--search-clients", defaultValue = "4", description = "Concurrent search clients (default ${DEFAULT-VALUE}).")
    int searchClients;

    @Option(names = "--queries", defaultValue = "3000", description = "Timed search queries (default ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic data set (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data-key", paramLabel = "FILE", description = "Run the booking node encrypted at rest with the key in"
            + " FILE (created when missing), to measure what encryption costs; the search data set stays as it is.")
    Path dataKey;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        Bench.Settings settings = new Bench.Settings(workDir, patients, seed, clients, Duration.ofSeconds(seconds), searchClients,
                queries, Optional.ofNullable(dataKey));
        return new Bench(settings, System.out).run() ? ClinicNodeCli.OK : ClinicNodeCli.FAILED;
    }
}
