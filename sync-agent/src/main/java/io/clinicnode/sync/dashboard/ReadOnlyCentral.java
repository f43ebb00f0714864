package io.clinicnode.sync.dashboard;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.central.CentralTarget;

import org.tinylog.Logger;

/**
 * The dashboard's small pool of connections to central. Every connection is read-only (PostgreSQL refuses
 * writes in it whatever the login may do), so the dashboard never changes central; the login should be a member of
 * {@code clinicnode_dashboard}, which may only read.
 *
 * <p>Thread-safe.
 */
final class ReadOnlyCentral implements AutoCloseable {
    private final HikariDataSource pool;
    private final String displayUrl;

    private ReadOnlyCentral(HikariDataSource pool, String displayUrl) {
        this.pool = pool;
        this.displayUrl = displayUrl;
    }

    /** Opens the pool, failing at once with a sentence when central cannot be reached or refuses the login. */
    static ReadOnlyCentral open(CentralTarget target) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("clinicnode-dashboard");
        config.setJdbcUrl(target.url());
        target.user().ifPresent(config::setUsername);
        target.password().ifPresent(config::setPassword);
        config.setReadOnly(true);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.addDataSourceProperty("connectTimeout", "5");
        config.addDataSourceProperty("socketTimeout", "30");
        config.addDataSourceProperty("ApplicationName", "clinicnode dashboard");
        // A slow page query must not hold a connection for long: the next refresh asks again anyway.
        config.addDataSourceProperty("options", "-c statement_timeout=10000");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SyncException("The dashboard cannot read central at " + target.displayUrl() + ": " + rootMessage(e)
                    + ". Check the URL and the dashboard's login (" + CentralTarget.ADMIN_USER_ENV + " and "
                    + CentralTarget.ADMIN_PASSWORD_ENV + ").", e);
        }
        ReadOnlyCentral central = new ReadOnlyCentral(pool, target.displayUrl());
        try {
            central.requireStaffTable();
            central.warnIfLoginMayWrite();
        } catch (RuntimeException e) {
            central.close();
            throw e;
        }
        return central;
    }

    /** Runs {@code work} on a pooled connection; central failing becomes a 503 the pages show and retry. */
    <T> T read(SqlWork<T> work) {
        try (Connection connection = pool.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            Logger.warn("Reading central at {} failed: {}", displayUrl, rootMessage(e));
            throw new ApiProblem(503, "Central unavailable", "The dashboard cannot read central right now ("
                    + rootMessage(e) + "). The page tries again by itself.");
        }
    }

    /** Work on one connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Without staff nobody could log in: say what to run instead of serving a login that always fails. */
    private void requireStaffTable() {
        boolean present = read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT to_regclass('dashboard_staff') IS NOT NULL")) {
                return rows.next() && rows.getBoolean(1);
            }
        });
        if (!present) {
            throw new SyncException("Central at " + displayUrl + " has no dashboard staff yet. Add the first account with"
                    + " `clinicnode dashboard-user add NAME --central-url URL` (with the admin login), then start the dashboard.");
        }
    }

    private void warnIfLoginMayWrite() {
        boolean mayWrite = read(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT rolsuper OR has_table_privilege('clinic', 'UPDATE')"
                         + " FROM pg_roles WHERE rolname = current_user")) {
                return rows.next() && rows.getBoolean(1);
            }
        });
        if (mayWrite) {
            Logger.warn("The dashboard's login at {} may change central; it only reads (its connections are read-only),"
                    + " but give it a login that is a member of clinicnode_dashboard instead (docs/OPERATIONS.md).", displayUrl);
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

    @Override
    public void close() {
        pool.close();
    }
}
