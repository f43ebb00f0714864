package io.clinicnode.appliance.cluster;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.ClinicProjection;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.practitioner.PractitionerEvents;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.write.Projection;

import io.helidon.dbclient.DbTransaction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The data checksum over real H2 databases fed the same events through the node's real projection. */
class DataChecksumTest {
    /** Upper 48 bits wall-clock milliseconds, lower 16 the logical counter (see HybridLogicalClock). */
    private static final long T0 = 1_790_000_000_000L << 16;

    @TempDir
    Path dir;

    private static Projection projection() {
        Projection projection = ClinicProjection.create("BR");
        return projection;
    }

    private static Event event(String origin, long seq, long hlcOffset, String type, String key, String payload) {
        return new Event("clinic-a", origin, seq, T0 + (hlcOffset << 16), type, key, "tester", payload);
    }

    private static final Event ADMIN = event("node-a", 1, 1, UserEvents.CREATED, "admin",
            "{\"username\":\"admin\",\"displayName\":\"Admin\",\"passwordHash\":\"pbkdf2$1000$c2FsdA$aGFzaA\","
                    + "\"roles\":[\"ADMIN\"],\"language\":\"pt-BR\"}");
    private static final Event MARIA = event("node-a", 2, 2, PatientEvents.REGISTERED, "00000000-0000-0000-0000-00000000000a",
            patient("Maria José da Silva", "(11) 98765-4321"));
    private static final Event JOAO = event("node-b", 1, 3, PatientEvents.REGISTERED, "00000000-0000-0000-0000-00000000000b",
            patient("João Pedro Souza", null));
    private static final Event DENTIST = event("node-b", 2, 4, PractitionerEvents.REGISTERED, "00000000-0000-0000-0000-0000000000d1",
            "{\"fullName\":\"Dra. Beatriz Campos\",\"specialty\":\"Odontologia\",\"active\":true,\"workingHours\":["
                    + "{\"dayOfWeek\":\"MONDAY\",\"start\":\"08:00\",\"end\":\"12:00\"},"
                    + "{\"dayOfWeek\":\"MONDAY\",\"start\":\"13:00\",\"end\":\"18:00\"}]}");

    private static String patient(String name, String phone) {
        return new PatientData(name, LocalDate.of(1984, 3, 12), PatientData.Sex.FEMALE, null, phone, null, null, null,
                new PatientData.Consents(true, false, true)).toJson().toString();
    }

    @Test
    void twoDatabasesFedTheSameEventsHaveTheSameChecksumWhateverTheOrderOfTheirOrigins() {
        try (Database first = Database.open(dir.resolve("first"), 2); Database second = Database.open(dir.resolve("second"), 2)) {
            apply(first, List.of(ADMIN, MARIA, JOAO, DENTIST));
            // Each origin's events keep their order, but the origins interleave the other way round.
            apply(second, List.of(JOAO, DENTIST, ADMIN, MARIA));

            DataChecksum.Snapshot one = new DataChecksum(first.client()).current();
            DataChecksum.Snapshot other = new DataChecksum(second.client()).current();

            assertThat(one.checksum()).hasSize(64).isEqualTo(other.checksum());
            assertThat(one.journal()).containsExactly(Map.entry("node-a", 2L), Map.entry("node-b", 2L));
            assertThat(other.journal()).isEqualTo(one.journal());
        }
    }

    @Test
    void readThroughAPlainConnectionTheChecksumIsTheSame() throws Exception {
        try (Database database = Database.open(dir.resolve("jdbc"), 2)) {
            apply(database, List.of(ADMIN, MARIA, JOAO, DENTIST));
            try (java.sql.Connection connection = database.connect()) {
                assertThat(DataChecksum.of(connection)).isEqualTo(new DataChecksum(database.client()).current().checksum());
            }
        }
    }

    @Test
    void aChangeChangesTheChecksumAndTheCacheFollowsThePosition() {
        try (Database first = Database.open(dir.resolve("first"), 2); Database second = Database.open(dir.resolve("second"), 2)) {
            apply(first, List.of(ADMIN, MARIA));
            apply(second, List.of(ADMIN, MARIA));
            DataChecksum checksum = new DataChecksum(second.client());
            DataChecksum.Snapshot before = checksum.current();
            assertThat(checksum.current()).isSameAs(before);

            apply(second, List.of(event("node-a", 3, 5, PatientEvents.UPDATED, "00000000-0000-0000-0000-00000000000a",
                    patient("Maria José da Silva", "(11) 98765-0000"))));
            DataChecksum.Snapshot after = checksum.current();

            assertThat(after.checksum()).isNotEqualTo(before.checksum());
            assertThat(after.journal()).containsEntry("node-a", 3L);
            assertThat(new DataChecksum(first.client()).current().checksum()).isEqualTo(before.checksum());
        }
    }

    @Test
    void nodeLocalRowsDoNotCount() {
        try (Database database = Database.open(dir.resolve("db"), 2)) {
            apply(database, List.of(ADMIN));
            String before = new DataChecksum(database.client()).current().checksum();

            database.client().execute().dml("INSERT INTO user_session (token_hash, username, created_at, last_seen_at, expires_at)"
                    + " VALUES ('abc', 'admin', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            database.client().execute().dml("INSERT INTO node_meta (meta_name, meta_value) VALUES ('node_id', 'node-x')");

            assertThat(new DataChecksum(database.client()).current().checksum()).isEqualTo(before);
        }
    }

    private static void apply(Database database, List<Event> events) {
        Projection projection = projection();
        DbTransaction tx = database.client().transaction();
        for (Event event : events) {
            projection.apply(event, tx);
        }
        tx.commit();
    }
}
