package io.clinicnode.appliance.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.LocalDateTime;

import db.migration.V10__Chain_existing_audit_entries;
import io.clinicnode.appliance.store.Database;

import io.helidon.dbclient.DbClient;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.Context;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Entries written before the chain existed are chained on upgrade, in each origin's event order. */
class AuditChainMigrationTest {
    @TempDir
    Path dir;

    @Test
    void entriesFromBeforeTheChainAreChainedInOriginOrderAndVerify() throws Exception {
        try (Database database = Database.open(dir.resolve("db"), 2)) {
            DbClient db = database.client();
            assertThat(db.execute().query("SELECT \"version\" FROM \"flyway_schema_history\"")
                    .map(row -> row.column("version").get(String.class)).toList()).as("Flyway found the Java migration").contains("9", "10");
            // As an older version left them: no chain columns, no heads. node-x:11 comes after node-x:5.
            for (String id : new String[] {"node-x:11", "node-x:2", "node-y:1", "node-x:5"}) {
                db.execute().dml("INSERT INTO audit_entry (id, occurred_at, username, action, entity, record_id, node, detail)"
                                + " VALUES (?, ?, 'desk', 'VIEW', 'patient', 'p-1', ?, NULL)",
                        id, LocalDateTime.of(2026, 1, 1, 9, 0), id.substring(0, id.indexOf(':')));
            }

            try (Connection connection = DriverManager.getConnection(database.url(), "sa", "")) {
                new V10__Chain_existing_audit_entries().migrate(context(connection));
            }

            AuditVerifier.Report report = new AuditVerifier(db).verify();
            assertThat(report.ok()).as(report.json().toString()).isTrue();
            assertThat(report.checked()).isEqualTo(4);
            assertThat(report.json().getJsonObject("nodes").getJsonObject("node-x").getInt("lastSeq")).isEqualTo(3);
            assertThat(db.execute().query("SELECT id FROM audit_entry WHERE node = 'node-x' ORDER BY chain_seq")
                    .map(row -> row.column("id").get(String.class)).toList())
                    .containsExactly("node-x:2", "node-x:5", "node-x:11");
        }
    }

    private static Context context(Connection connection) {
        return new Context() {
            @Override
            public Configuration getConfiguration() {
                return null;
            }

            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }
}
