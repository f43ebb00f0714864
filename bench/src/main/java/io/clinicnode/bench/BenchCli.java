package io.clinicnode.bench;

import java.io.PrintWriter;

import io.clinicnode.installer.ClinicNodeCli;

import org.tinylog.jul.JulTinylogBridge;

import picocli.CommandLine.Command;

/**
 * The benchmarks' command line ({@code ./clinicnode bench|bench-shared|cluster-bench|generate}): kept out of the
 * product jar, it runs from this module's jar with the product on its class path. Exit codes and error sentences are
 * the {@code clinicnode} command's ({@link ClinicNodeCli#execute}).
 */
@Command(name = "clinicnode", mixinStandardHelpOptions = true, version = "ClinicNode benchmarks 0.1.0",
        description = "Measures ClinicNode (docs/PERFORMANCE.md).",
        subcommands = {GenerateCommand.class, BenchCommand.class, ClusterBenchCommand.class, BenchSharedCommand.class})
public final class BenchCli {
    private BenchCli() {
    }

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(ClinicNodeCli.execute(new BenchCli(), new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args));
    }
}
