package io.clinicnode.sync.central;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.clinicnode.sync.SyncException;

/**
 * Administration of central that needs the admin login: registering a clinic with its own PostgreSQL login role
 * (a member of {@code clinicnode_clinic}, so row-level security keeps it to its clinic's rows).
 *
 * <p>Stateless, so thread-safe.
 */
public final class CentralAdmin {
    /** What a clinic id may look like: it names a database role and travels in every event. */
    public static final Pattern CLINIC_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,47}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CentralAdmin() {
    }

    /**
     * Registers clinic {@code clinicId} and creates its login role with a new random password; with
     * {@code rotate}, an already registered clinic gets a new password instead (its old one stops working).
     */
    public static CentralCredentials addClinic(CentralTarget admin, String clinicId, String name, boolean rotate) {
        if (!CLINIC_ID.matcher(clinicId).matches()) {
            throw new SyncException("The clinic id '" + clinicId + "' must be 1 to 48 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit.");
        }
        String role = roleName(clinicId);
        String password = newPassword();
        try (Connection connection = admin.connect("clinicnode central-add-clinic", 60)) {
            connection.setAutoCommit(false);
            Optional<String> existing = existingRole(connection, clinicId);
            if (existing.isPresent() && !rotate) {
                throw new SyncException("Clinic '" + clinicId + "' is registered at central already (role " + existing.get()
                        + "). Pass --rotate-password to give it a new password.");
            }
            try (Statement statement = connection.createStatement()) {
                if (existing.isPresent()) {
                    role = existing.get();
                    statement.execute("ALTER ROLE " + quote(role) + " WITH LOGIN PASSWORD '" + password + "'");
                } else {
                    if (roleExists(connection, role)) {
                        throw new SyncException("A database role named " + role + " exists already (for a clinic id"
                                + " that differs only in case or punctuation, or in another database of the same server)."
                                + " Use another clinic id.");
                    }
                    statement.execute("CREATE ROLE " + quote(role) + " WITH LOGIN PASSWORD '" + password
                            + "' IN ROLE clinicnode_clinic");
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO clinic (clinic_id, name, role_name) VALUES (?, ?, ?)")) {
                        insert.setString(1, clinicId);
                        insert.setString(2, name == null || name.isBlank() ? clinicId : name);
                        insert.setString(3, role);
                        insert.executeUpdate();
                    }
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new SyncException("Cannot register clinic '" + clinicId + "' at " + admin.displayUrl() + ": "
                    + CentralSchema.rootMessage(e) + ". Run `clinicnode central-init` first, as an admin who may create roles.", e);
        }
        return new CentralCredentials(clinicId, role, password);
    }

    /** The role of a clinic id: {@code clinic_} and the id in lower case, other characters as {@code _}. */
    static String roleName(String clinicId) {
        return "clinic_" + clinicId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    private static Optional<String> existingRole(Connection connection, String clinicId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT role_name FROM clinic WHERE clinic_id = ?")) {
            query.setString(1, clinicId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static boolean roleExists(Connection connection, String role) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, role);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** 192 random bits, URL-safe Base64: no quote or backslash, so it can sit in CREATE ROLE's literal. */
    private static String newPassword() {
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
