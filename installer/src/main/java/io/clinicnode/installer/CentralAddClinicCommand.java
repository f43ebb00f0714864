package io.clinicnode.installer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralTarget;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode central-add-clinic ID --central-url URL}: registers a clinic at central with its own login role
 * and prints its credentials (or writes them to a mode-600 file).
 */
@Command(name = "central-add-clinic", description = "Register a clinic at central with its own PostgreSQL login (row-level"
        + " security keeps it to its clinic's rows) and print the credentials for its nodes.")
final class CentralAddClinicCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The clinic id its nodes run with (--clinic-id).")
    String clinicId;

    @Option(names = "--central-url", required = true, paramLabel = "JDBC_URL", description = "Central database (as for central-init).")
    String centralUrl;

    @Option(names = "--name", description = "The clinic's name for the dashboard (default: its id).")
    String name;

    @Option(names = "--credentials-file", paramLabel = "FILE", description = "Write the credentials to FILE (mode 600)"
            + " instead of printing the password; copy it to the clinic's nodes for --central-credentials.")
    Path credentialsFile;

    @Option(names = "--rotate-password", description = "The clinic exists: give it a new password (the old one stops working).")
    boolean rotate;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CentralCredentials credentials = CentralAdmin.addClinic(CentralTarget.withAdminFromEnvironment(centralUrl),
                clinicId, name, rotate);
        PrintWriter out = spec.commandLine().getOut();
        if (credentialsFile != null) {
            credentials.write(credentialsFile);
            out.println("Clinic " + clinicId + " can sync as role " + credentials.user() + "; its credentials are in "
                    + credentialsFile + " (mode 600). Start its nodes with --clinic-id " + clinicId
                    + " --central-url URL --central-credentials FILE.");
        } else {
            out.print(credentials.text());
        }
        out.flush();
        return ClinicNodeCli.OK;
    }
}
