package io.clinicnode.sync.dashboard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.central.CentralTarget;

import org.flywaydb.core.Flyway;

/**
 * Adds and disables dashboard staff with the admin login ({@code clinicnode dashboard-user}). Creates the dashboard's
 * own table first when central lacks it: its migrations ({@code db/dashboard}) keep a Flyway history of their own,
 * {@code dashboard_schema_history}, beside central's.
 *
 * <p>Stateless, so thread-safe.
 */
public final class StaffAdmin {
    /** What a staff username may look like (stored in lower case). */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 10;

    private StaffAdmin() {
    }

    /** Creates or migrates the dashboard's tables; needs central's own schema (central-init) first. */
    public static void migrate(CentralTarget admin) {
        try {
            Flyway.configure()
                    .dataSource(admin.url(), admin.user().orElse(null), admin.password().orElse(null))
                    .jdbcProperties(Map.of("connectTimeout", "10", "ApplicationName", "clinicnode dashboard-user"))
                    .locations("classpath:db/dashboard")
                    .table("dashboard_schema_history")
                    // Central's tables are there already: start this history empty beside them.
                    .baselineOnMigrate(true)
                    .baselineVersion("0")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            throw new SyncException("Cannot create the dashboard's tables at " + admin.displayUrl() + ": "
                    + ReadOnlyCentral.rootMessage(e) + ". Run `clinicnode central-init` first, as an admin (from "
                    + CentralTarget.ADMIN_USER_ENV + " or the URL).", e);
        }
    }

    /**
     * Adds staff member {@code username} with {@code password}; with {@code replace}, an existing one gets the new
     * password and display name and is enabled again.
     */
    public static void add(CentralTarget admin, String username, String displayName, char[] password, boolean replace,
                           PasswordHasher hasher) {
        String name = checkedUsername(username);
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new SyncException("The password must have at least " + MIN_PASSWORD_LENGTH + " characters, had "
                    + password.length + ".");
        }
        migrate(admin);
        String hash = hasher.hash(password);
        String sql = "INSERT INTO dashboard_staff (username, display_name, password_hash) VALUES (?, ?, ?)"
                + (replace ? " ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name,"
                + " password_hash = EXCLUDED.password_hash, active = true, updated_at = now()"
                : " ON CONFLICT (username) DO NOTHING");
        int changed = update(admin, sql, name, displayName == null || displayName.isBlank() ? name : displayName.strip(), hash);
        if (changed == 0) {
            throw new SyncException("Dashboard user '" + name + "' exists already. Pass --replace to give it a new password.");
        }
    }

    /** Disables staff member {@code username}: its sessions stop working at their next request. */
    public static void disable(CentralTarget admin, String username) {
        String name = checkedUsername(username);
        migrate(admin);
        int changed = update(admin, "UPDATE dashboard_staff SET active = false, updated_at = now() WHERE username = ?", name);
        if (changed == 0) {
            throw new SyncException("There is no dashboard user '" + name + "'.");
        }
    }

    private static String checkedUsername(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw new SyncException("The username '" + username + "' must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit.");
        }
        return name;
    }

    private static int update(CentralTarget admin, String sql, String... values) {
        try (Connection connection = admin.connect("clinicnode dashboard-user", 30);
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setString(i + 1, values[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new SyncException("Cannot change the dashboard users at " + admin.displayUrl() + ": "
                    + ReadOnlyCentral.rootMessage(e) + ".", e);
        }
    }
}
