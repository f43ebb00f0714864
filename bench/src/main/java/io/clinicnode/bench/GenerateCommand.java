package io.clinicnode.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.Node;
import io.clinicnode.bench.generate.PatientGenerator;
import io.clinicnode.bench.generate.SyntheticPatients;
import io.clinicnode.installer.ClinicNodeCli;
import io.clinicnode.installer.InstallerException;
import io.clinicnode.installer.NodeOptions;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code clinicnode generate}: starts a node on a (new or existing) data directory, registers synthetic
 * patients through its write path, and stops it cleanly.
 */
@Command(name = "generate", description = "Fill a node's data directory with synthetic Brazilian patients, written"
        + " through the node's journal like any registration. The node must not be running on that directory.")
final class GenerateCommand implements Callable<Integer> {
    /** Changes in flight at once: many full groups of the writer's 512, in bounded memory. */
    static final int WINDOW = 20_000;

    @Option(names = "--data-dir", required = true, description = "The node's data directory (created if missing).")
    Path dataDir;

    @Option(names = "--patients", required = true, description = "How many patients to add.")
    long patients;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the synthetic data (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--config", description = "YAML file with further node settings (see docs/OPERATIONS.md).")
    Path configFile;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() {
        if (patients < 1) {
            throw new InstallerException("--patients must be 1 or more, was " + patients + ".");
        }
        long started = System.nanoTime();
        try (Node node = Node.start(NodeOptions.loopbackConfig(dataDir, configFile))) {
            long existing = patientCount(node);
            System.out.printf("Node %s started on %s in %.1f s; it holds %,d patients. Adding %,d (seed %d)...%n",
                    node.identity().nodeId(), dataDir.toAbsolutePath(), (System.nanoTime() - started) / 1e9, existing, patients, seed);
            PatientGenerator generator = new PatientGenerator(node.writes(), new SyntheticPatients(seed), WINDOW,
                    Duration.ofSeconds(5), System.out::println);
            PatientGenerator.Result result = generator.generate(existing, patients);
            System.out.printf("Generated %,d patients in %.1f s: %,.0f patients/s (journaled, synced and applied)%s.%n",
                    result.registered(), result.elapsed().toNanos() / 1e9, result.perSecond(),
                    result.refused() == 0 ? "" : String.format("; %,d refused as duplicate documents and replaced", result.refused()));
            System.out.printf("The data directory now holds %,d patients. Stopping the node...%n", patientCount(node));
        }
        System.out.printf("Stopped cleanly; %.1f s in all.%n", (System.nanoTime() - started) / 1e9);
        return ClinicNodeCli.OK;
    }

    private static long patientCount(Node node) {
        return node.db().execute().get("SELECT COUNT(*) AS patients FROM patient")
                .map(row -> row.column("patients").get(Long.class))
                .orElse(0L);
    }
}
