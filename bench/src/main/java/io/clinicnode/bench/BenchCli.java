package io.clinicnode.bench;

import java.io.PrintWriter;

import org.tinylog.jul.JulTinylogBridge;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The benchmarks' command line ({@code ./clinicnode bench|bench-shared|cluster-bench|generate}): kept out of the
 * product jar, it runs from this module's jar with the product on its class path. Exit codes and error sentences as
 * the {@code clinicnode} command's.
 */
@Command(name = "clinicnode", mixinStandardHelpOptions = true, version = "ClinicNode benchmarks 0.1.0",
        description = "Measures ClinicNode (docs/PERFORMANCE.md).",
        subcommands = {GenerateCommand.class, BenchCommand.class, ClusterBenchCommand.class, BenchSharedCommand.class})
public final class BenchCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCli())
                .setOut(new PrintWriter(System.out, true)).setErr(new PrintWriter(System.err, true));
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            PrintWriter errors = cmd.getErr();
            String message = exception.getMessage();
            errors.println("ERROR: " + (message == null || message.isBlank() ? exception.getClass().getSimpleName() : message));
            if (parsed.hasMatchedOption("--verbose")) {
                exception.printStackTrace(errors);
            }
            errors.flush();
            return FAILED;
        });
        return commandLine.execute(args);
    }
}
