package io.clinicnode.sync.dashboard;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the central office staff from {@code dashboard_staff} (written by {@code clinicnode dashboard-user}).
 * Asked on every request, so that a disabled account stops working at once.
 *
 * <p>Thread-safe.
 */
final class StaffDirectory {
    private final ReadOnlyCentral central;

    StaffDirectory(ReadOnlyCentral central) {
        this.central = central;
    }

    Optional<Staff> find(String username) {
        return central.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT username, display_name, password_hash, active FROM dashboard_staff WHERE username = ?")) {
                query.setString(1, username.toLowerCase(Locale.ROOT));
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next()
                            ? Optional.of(new Staff(rows.getString(1), rows.getString(2), rows.getString(3), rows.getBoolean(4)))
                            : Optional.empty();
                }
            }
        });
    }
}
