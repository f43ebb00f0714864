package io.clinicnode.sync.central;

import java.util.Map;

import io.clinicnode.sync.SyncException;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates or migrates the central schema (tables, row-level security, the clinic and dashboard group roles)
 * with Flyway, from {@code db/central/V*.sql}. Run by {@code clinicnode central-init} as an admin who may create
 * roles; running it again on an up-to-date database changes nothing.
 */
public final class CentralSchema {
    /** The schema version this build's agents need at least: the agent reports a schema error below it. */
    public static final int REQUIRED_VERSION = 2;

    private CentralSchema() {
    }

    /** Migrates central to this build's latest version and returns that version. */
    public static String migrate(CentralTarget target) {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(target.url(), target.user().orElse(null), target.password().orElse(null))
                    .jdbcProperties(Map.of("connectTimeout", "10", "ApplicationName", "clinicnode central-init"))
                    .locations("classpath:db/central")
                    .load()
                    .migrate();
            return result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        } catch (RuntimeException e) {
            throw new SyncException("Cannot create or migrate the central schema at " + target.displayUrl() + ": "
                    + rootMessage(e) + ". Check the URL, that the database exists, and that the admin user (from "
                    + CentralTarget.ADMIN_USER_ENV + " or the URL) may create tables and roles.", e);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage().strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
