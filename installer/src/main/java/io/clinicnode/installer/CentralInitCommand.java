package io.clinicnode.installer;

import java.util.concurrent.Callable;

import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code clinicnode central-init --central-url URL}: creates or migrates the central schema and roles; idempotent. */
@Command(name = "central-init", description = "Create or migrate the central PostgreSQL schema and roles (safe to run"
        + " again). The admin login comes from " + CentralTarget.ADMIN_USER_ENV + " and " + CentralTarget.ADMIN_PASSWORD_ENV
        + " (or the URL, for development).")
final class CentralInitCommand implements Callable<Integer> {
    @Option(names = "--central-url", required = true, paramLabel = "JDBC_URL",
            description = "Central database, e.g. jdbc:postgresql://central:5432/clinicnode?sslmode=verify-full")
    String centralUrl;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CentralTarget target = CentralTarget.withAdminFromEnvironment(centralUrl);
        String version = CentralSchema.migrate(target);
        spec.commandLine().getOut().println("Central schema at " + target.displayUrl() + " is at version " + version
                + "; register clinics with `clinicnode central-add-clinic ID --central-url " + target.displayUrl() + "`.");
        return ClinicNodeCli.OK;
    }
}
