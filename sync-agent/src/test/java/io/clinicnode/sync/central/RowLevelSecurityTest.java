package io.clinicnode.sync.central;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** G8 at central: a clinic's credentials reach only its own rows, whatever SQL is written by hand with them. */
class RowLevelSecurityTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();
    private static final List<String> DATA_TABLES = List.of("sync_mark", "sync_event", "patient", "practitioner",
            "appointment", "checkin", "audit", "dead_letter", "conflict", "node_heartbeat", "sync_lag_minute");

    private static String database;
    private static CentralCredentials clinicA;

    @BeforeAll
    static void twoClinicsWithData() throws SQLException {
        database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);
        clinicA = CentralAdmin.addClinic(admin, "rls-a", "A", false);
        CentralAdmin.addClinic(admin, "rls-b", "B", false);
        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
            for (String clinic : List.of("rls-a", "rls-b")) {
                statement.execute("INSERT INTO sync_mark VALUES ('" + clinic + "', 'node-1', 5, 5, now())");
                statement.execute("INSERT INTO sync_event VALUES ('" + clinic + "', 'node-1', 1, 1, now(), 'patient.registered',"
                        + " 'p1', 'admin', '{}', now())");
                statement.execute("INSERT INTO patient (clinic_id, id, full_name) VALUES ('" + clinic + "', 'p1', 'Name " + clinic + "')");
                statement.execute("INSERT INTO practitioner (clinic_id, id, full_name) VALUES ('" + clinic + "', 'd1', 'Dr')");
                statement.execute("INSERT INTO appointment (clinic_id, id) VALUES ('" + clinic + "', 'a1')");
                statement.execute("INSERT INTO checkin (clinic_id, id) VALUES ('" + clinic + "', 'w1')");
                statement.execute("INSERT INTO audit VALUES ('" + clinic + "', 'node-1:1', now(), 'admin', 'VIEW', 'patient', 'p1', 'p1', 'node-1')");
                statement.execute("INSERT INTO dead_letter VALUES ('" + clinic + "', 'node-1', 3, 3, 't', 'k', 'p', 'e', 3, now(), now())");
                statement.execute("INSERT INTO conflict VALUES ('" + clinic + "', 'c1', 'double-booking', 'a1', '{}', now())");
                statement.execute("INSERT INTO node_heartbeat (clinic_id, node_id, leader, reported_at) VALUES ('" + clinic + "', 'node-1', true, now())");
                statement.execute("INSERT INTO sync_lag_minute VALUES ('" + clinic + "', date_trunc('minute', now()), 1, 2, 3, 4)");
            }
        }
    }

    private static Connection asClinicA() throws SQLException {
        return clinicA.target(CENTRAL.url(database)).connect("rls-test", 10);
    }

    @Test
    void clinicSeesOnlyItsOwnRowsInEveryTable() throws SQLException {
        try (Connection connection = asClinicA(); Statement statement = connection.createStatement()) {
            for (String table : DATA_TABLES) {
                assertThat(strings(statement, "SELECT DISTINCT clinic_id FROM " + table)).as(table).containsExactly("rls-a");
                assertThat(strings(statement, "SELECT count(*) FROM " + table + " WHERE clinic_id = 'rls-b'")).as(table)
                        .containsExactly("0");
            }
            assertThat(strings(statement, "SELECT clinic_id FROM clinic")).containsExactly("rls-a");
        }
    }

    @Test
    void clinicCannotChangeOrAddAnotherClinicsRows() throws SQLException {
        try (Connection connection = asClinicA(); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("UPDATE patient SET full_name = 'changed' WHERE clinic_id = 'rls-b'")).isZero();
            assertThat(statement.executeUpdate("UPDATE sync_mark SET last_seq = 0 WHERE clinic_id = 'rls-b'")).isZero();
            assertThat(statement.executeUpdate("UPDATE clinic SET last_contact_at = now() WHERE clinic_id = 'rls-b'")).isZero();
            assertThatThrownBy(() -> statement.execute("INSERT INTO patient (clinic_id, id, full_name) VALUES ('rls-b', 'p2', 'x')"))
                    .hasMessageContaining("row-level security");
            assertThatThrownBy(() -> statement.execute("INSERT INTO sync_event VALUES ('rls-b', 'node-1', 2, 2, now(), 't', 'k', 'a', '{}', now())"))
                    .hasMessageContaining("row-level security");
            assertThatThrownBy(() -> statement.execute("UPDATE patient SET clinic_id = 'rls-b' WHERE id = 'p1'"))
                    .hasMessageContaining("row-level security");
            assertThatThrownBy(() -> statement.execute("INSERT INTO patient (clinic_id, id) VALUES ('rls-b', 'p1')"
                    + " ON CONFLICT (clinic_id, id) DO UPDATE SET full_name = 'upserted'"))
                    .hasMessageContaining("row-level security");
        }
        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT full_name FROM patient WHERE clinic_id = 'rls-b'")).containsExactly("Name rls-b");
            assertThat(strings(statement, "SELECT last_seq FROM sync_mark WHERE clinic_id = 'rls-b'")).containsExactly("5");
            assertThat(strings(statement, "SELECT count(*) FROM patient WHERE clinic_id = 'rls-b'")).containsExactly("1");
        }
    }

    @Test
    void clinicCannotGetAroundThePolicies() throws SQLException {
        try (Connection connection = asClinicA(); Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.execute("DELETE FROM patient")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("ALTER TABLE patient DISABLE ROW LEVEL SECURITY"))
                    .hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.execute("DROP POLICY own_clinic ON patient")).hasMessageContaining("must be owner");
            assertThatThrownBy(() -> statement.execute("SET ROLE clinic_rls_b")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("SET ROLE clinicnode_dashboard")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE stash (x text)")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM flyway_schema_history"))
                    .hasMessageContaining("permission denied");
            statement.execute("SET row_security = off");
            assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM patient"))
                    .hasMessageContaining("row-level security");
        }
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new java.util.ArrayList<>();
        try (ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
