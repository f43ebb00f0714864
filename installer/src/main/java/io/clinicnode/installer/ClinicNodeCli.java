package io.clinicnode.installer;

import java.io.PrintWriter;

import io.clinicnode.installer.backup.BackupCommand;
import io.clinicnode.installer.backup.RestoreCommand;
import io.clinicnode.installer.doctor.DoctorCommand;
import io.clinicnode.installer.uninstall.UninstallCommand;
import io.clinicnode.installer.upgrade.UpgradeCommand;

import org.tinylog.jul.JulTinylogBridge;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code clinicnode} command. {@link #run} returns the exit code, so tests call it without exiting
 * the JVM; users see {@code ERROR: sentence}, and the stack trace only with {@code --verbose}.
 */
@Command(name = "clinicnode", mixinStandardHelpOptions = true, version = "ClinicNode 0.1.0",
        description = "Runs and looks after ClinicNode nodes.",
        subcommands = {NodeCommand.class, DemoCommand.class, ClusterInitCommand.class, ClusterTokenCommand.class,
                CentralInitCommand.class, CentralAddClinicCommand.class, DashboardCommand.class, DashboardUserCommand.class,
                DataKeyCommand.class, InitCommand.class, TokenCommand.class, JoinCommand.class, StatusCommand.class,
                RunCommand.class, BackupCommand.class, RestoreCommand.class, DoctorCommand.class, UninstallCommand.class,
                UpgradeCommand.class, VersionCommand.class})
public final class ClinicNodeCli {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    public static void main(String[] args) {
        JulTinylogBridge.activate();
        System.exit(run(args));
    }

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with the given output and error writers (tests read them). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(new ClinicNodeCli(), out, err, args);
    }

    /**
     * Runs {@code command} (a picocli top command: this one, or the benchmarks') the way every ClinicNode command line
     * runs: {@code ERROR: sentence} for a failure, the stack trace only with {@code --verbose}, the exit code returned.
     */
    public static int execute(Object command, PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(command).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cmd, parsed) -> {
            PrintWriter errors = cmd.getErr();
            errors.println("ERROR: " + sentence(exception));
            if (parsed.hasMatchedOption("--verbose")) {
                exception.printStackTrace(errors);
            }
            errors.flush();
            return FAILED;
        });
        return commandLine.execute(args);
    }

    private static String sentence(Throwable exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() ? exception.getClass().getSimpleName() : message;
    }
}
