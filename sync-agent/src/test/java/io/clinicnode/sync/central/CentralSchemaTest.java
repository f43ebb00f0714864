package io.clinicnode.sync.central;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.clinicnode.sync.SyncException;
import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CentralSchemaTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    @TempDir
    Path folder;

    @Test
    void migratesOnceAndAgainWithoutChanges() throws SQLException {
        String database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());

        assertThat(CentralSchema.migrate(admin)).isEqualTo(String.valueOf(CentralSchema.REQUIRED_VERSION));
        assertThat(CentralSchema.migrate(admin)).isEqualTo(String.valueOf(CentralSchema.REQUIRED_VERSION));

        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rows.next();
            assertThat(rows.getInt(1)).as("each migration applied once").isEqualTo(CentralSchema.REQUIRED_VERSION);
        }
    }

    @Test
    void registersClinicWithLoginThatWorksAndRefusesSecondRegistration() throws SQLException {
        String database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);

        CentralCredentials credentials = CentralAdmin.addClinic(admin, "Clinic-Reg." + database, "Clínica Registro", false);

        assertThat(credentials.user()).isEqualTo("clinic_clinic_reg_" + database);
        try (Connection connection = credentials.target(CENTRAL.url(database)).connect("test", 10);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT clinic_id, name, current_clinic() FROM clinic")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("Clinic-Reg." + database);
            assertThat(rows.getString(2)).isEqualTo("Clínica Registro");
            assertThat(rows.getString(3)).isEqualTo("Clinic-Reg." + database);
        }
        assertThatThrownBy(() -> CentralAdmin.addClinic(admin, "Clinic-Reg." + database, null, false))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("registered at central already");

        CentralCredentials rotated = CentralAdmin.addClinic(admin, "Clinic-Reg." + database, null, true);
        assertThat(rotated.password()).isNotEqualTo(credentials.password());
        assertThatThrownBy(() -> credentials.target(CENTRAL.url(database)).connect("test", 10))
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void refusesClinicIdsThatCannotNameARole() {
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl("postgres"), Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> CentralAdmin.addClinic(admin, "bad id; DROP TABLE clinic", null, false))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("must be 1 to 48 letters");
    }

    @Test
    void credentialsFileIsWrittenPrivateAndRefusedWhenOthersCanRead() throws Exception {
        Path file = folder.resolve("central.credentials");
        new CentralCredentials("c1", "clinic_c1", "secret").write(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(CentralCredentials.load(file)).isEqualTo(new CentralCredentials("c1", "clinic_c1", "secret"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> CentralCredentials.load(file))
                .isInstanceOf(SyncException.class)
                .hasMessageContaining("chmod 600 " + file);
    }
}
