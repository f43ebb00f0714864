package io.clinicnode.installer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.dashboard.StaffAdmin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode dashboard-user add NAME} and {@code disable NAME}: the central office staff who may log in to the
 * sync dashboard. Runs with the admin login (as central-init), and creates the dashboard's table the first time.
 */
@Command(name = "dashboard-user", description = "Add or disable central office staff who may log in to the sync dashboard.",
        subcommands = {DashboardUserCommand.Add.class, DashboardUserCommand.Disable.class})
final class DashboardUserCommand {
    /** The new password, when given in the environment rather than typed or piped in. */
    static final String PASSWORD_ENV = "CLINICNODE_DASHBOARD_PASSWORD";

    @Command(name = "add", description = "Add a staff account. The password comes from " + PASSWORD_ENV
            + ", else from the first line of standard input (at least " + StaffAdmin.MIN_PASSWORD_LENGTH + " characters).")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "Username (letters, digits, '.', '_', '-').")
        String username;

        @Option(names = "--central-url", required = true, paramLabel = "JDBC_URL", description = "Central database (as for central-init).")
        String centralUrl;

        @Option(names = "--display-name", description = "Name shown when logged in (default: the username).")
        String displayName;

        @Option(names = "--replace", description = "The account exists: set the new password and enable it again.")
        boolean replace;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            char[] password = password();
            try {
                StaffAdmin.add(CentralTarget.withAdminFromEnvironment(centralUrl), username, displayName, password, replace,
                        new PasswordHasher(PasswordHasher.DEFAULT_ITERATIONS));
            } finally {
                Arrays.fill(password, '\0');
            }
            spec.commandLine().getOut().println("Dashboard user " + username + " can log in to `clinicnode dashboard`.");
            spec.commandLine().getOut().flush();
            return ClinicNodeCli.OK;
        }

        private char[] password() throws IOException {
            String fromEnvironment = System.getenv(PASSWORD_ENV);
            if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
                return fromEnvironment.toCharArray();
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("No password: set " + PASSWORD_ENV + " or give it as one line on standard input.");
            }
            return line.toCharArray();
        }
    }

    @Command(name = "disable", description = "Disable a staff account (its sessions stop at their next request).")
    static final class Disable implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String username;

        @Option(names = "--central-url", required = true, paramLabel = "JDBC_URL", description = "Central database (as for central-init).")
        String centralUrl;

        @Option(names = "--verbose", description = "Show stack traces of errors.")
        boolean verbose;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            StaffAdmin.disable(CentralTarget.withAdminFromEnvironment(centralUrl), username);
            spec.commandLine().getOut().println("Dashboard user " + username + " is disabled.");
            spec.commandLine().getOut().flush();
            return ClinicNodeCli.OK;
        }
    }
}
