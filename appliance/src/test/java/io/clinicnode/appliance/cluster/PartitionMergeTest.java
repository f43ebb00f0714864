package io.clinicnode.appliance.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.clinicnode.appliance.audit.AuditVerifier;
import io.clinicnode.appliance.ClinicProjection;
import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.patient.PatientData;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.PractitionerEvents;
import io.clinicnode.appliance.practitioner.WorkingHours;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.waitingroom.WaitingRoomEvents;
import io.clinicnode.appliance.waitingroom.WaitingStatus;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.WritePath;

import io.helidon.dbclient.DbClient;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.json.JsonSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes, each with its real write path (H2 + journal), write on both sides of a partition through the real
 * handlers (strict, as changes), then each applies the other side's events as facts: side A applies A's then B's,
 * side B applies B's then A's. Whatever the order, both end with the same rows (same data checksum) and list the
 * same open conflicts.
 */
class PartitionMergeTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    private static final String CPF = "529.982.247-25";

    @TempDir
    Path dir;

    /** One wall clock both sides read, moved on by hand, so which write is earlier is decided by the test. */
    private final AtomicLong millis = new AtomicLong(1_790_000_000_000L);
    private final List<AutoCloseable> open = new ArrayList<>();
    private Side a;
    private Side b;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void bothSidesConvergeToTheSameDataAndListTheSameConflictsWhateverTheOrder() throws Exception {
        a = side("node-a");
        b = side("node-b");
        String practitioner = id();
        String patient = id();
        String moved = id();
        String checkedIn = id();
        // Before the partition: written on A, applied on B as facts (as the leader's events are).
        a.write(PractitionerEvents.REGISTERED, practitioner, new PractitionerData("Dra. Beatriz Campos", "Odontologia",
                List.of(new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0)),
                        new WorkingHours(DayOfWeek.TUESDAY, LocalTime.of(8, 0), LocalTime.of(18, 0))), true).toJson());
        a.write(PatientEvents.REGISTERED, patient, patient("Maria José da Silva", null, "(11) 98765-4321"));
        a.write(AppointmentEvents.BOOKED, moved, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(9, 0), 30, null));
        a.write(AppointmentEvents.BOOKED, checkedIn, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(14, 0), 30, null));
        b.apply(a.taken());

        // The partition: both sides take changes that each side alone accepts.
        a.write(AppointmentEvents.MOVED, moved, AppointmentEvents.movedPayload(MONDAY.atTime(11, 0), null));
        b.write(AppointmentEvents.CANCELLED, moved, JSON.createObjectBuilder().build());
        String bookedOnA = id();
        String bookedOnB = id();
        a.write(AppointmentEvents.BOOKED, bookedOnA, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.plusDays(1).atTime(9, 0), 30, null));
        b.write(AppointmentEvents.BOOKED, bookedOnB, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.plusDays(1).atTime(9, 15), 30, null));
        a.write(PatientEvents.UPDATED, patient, patient("Maria José da Silva", null, "(11) 91111-1111"));
        b.write(PatientEvents.UPDATED, patient, patient("Maria José da Silva Souza", null, "(11) 98765-4321"));
        String firstWithDocument = id();
        String secondWithDocument = id();
        a.write(PatientEvents.REGISTERED, firstWithDocument, patient("Ana Lima", CPF, null));
        b.write(PatientEvents.REGISTERED, secondWithDocument, patient("Ana Lima Santos", CPF, null));
        // B creates "ana" first: on side A, B's creation arrives second and takes the username over from A's.
        b.write(UserEvents.CREATED, "ana", UserEvents.createdPayload("ana", "Ana (B)", "hash-b", EnumSet.of(Role.FRONT_DESK), "pt-BR"));
        a.write(UserEvents.CREATED, "ana", UserEvents.createdPayload("ana", "Ana (A)", "hash-a", EnumSet.of(Role.ADMIN), "en"));
        a.write(UserEvents.UPDATED, "ana", JSON.createObjectBuilder().add("displayName", "Ana Paula").build());
        b.write(UserEvents.UPDATED, "ana", JSON.createObjectBuilder().add("passwordHash", "hash-b2").build());
        String entryOnA = id();
        String entryOnB = id();
        a.write(WaitingRoomEvents.CHECKED_IN, entryOnA, WaitingRoomEvents.checkedInPayload(checkedIn));
        b.write(WaitingRoomEvents.CHECKED_IN, entryOnB, WaitingRoomEvents.checkedInPayload(checkedIn));
        b.write(WaitingRoomEvents.STATUS_CHANGED, entryOnB, WaitingRoomEvents.statusChangedPayload(WaitingStatus.CALLED));
        b.write(PatientEvents.SEARCHED, id(), PatientEvents.searchedPayload("maria jo", List.of(patient)));

        // The heal: each side applies what the other made, after its own.
        List<Event> fromA = a.taken();
        a.apply(b.taken());
        b.apply(fromA);

        assertThat(a.checksum()).hasSize(64).isEqualTo(b.checksum());
        AuditVerifier.Report chainsOnA = new AuditVerifier(a.database.client()).verify();
        assertThat(chainsOnA.ok()).isTrue();
        assertThat(chainsOnA.json().getJsonObject("nodes")).as("each origin's chain, the same on both sides")
                .containsOnlyKeys("node-a", "node-b")
                .isEqualTo(new AuditVerifier(b.database.client()).verify().json().getJsonObject("nodes"));
        for (Side side : List.of(a, b)) {
            DbClient db = side.database.client();
            assertThat(row(db, "SELECT start_at, status FROM appointment WHERE id = ?", moved))
                    .as("moved on one side and cancelled on the other: both stand")
                    .containsEntry("start_at", MONDAY.atTime(11, 0).toString()).containsEntry("status", "CANCELLED");
            assertThat(row(db, "SELECT double_booked FROM appointment WHERE id = ?", bookedOnA)).containsEntry("double_booked", "true");
            assertThat(row(db, "SELECT double_booked FROM appointment WHERE id = ?", bookedOnB)).containsEntry("double_booked", "true");
            assertThat(row(db, "SELECT full_name, phone FROM patient WHERE id = ?", patient)).as("the later update of the record wins")
                    .containsEntry("full_name", "Maria José da Silva Souza").containsEntry("phone", "(11) 98765-4321");
            assertThat(row(db, "SELECT document_key FROM patient WHERE id = ?", firstWithDocument)).containsEntry("document_key", "52998224725");
            assertThat(row(db, "SELECT document, document_key FROM patient WHERE id = ?", secondWithDocument))
                    .as("the second patient with the number is kept, without holding it")
                    .containsEntry("document", CPF).containsEntry("document_key", null);
            assertThat(row(db, "SELECT display_name, password_hash, roles FROM app_user WHERE username = ?", "ana"))
                    .as("B's creation came first; each side's later update of one field stands")
                    .containsEntry("display_name", "Ana Paula").containsEntry("password_hash", "hash-b2").containsEntry("roles", "FRONT_DESK");
            assertThat(row(db, "SELECT duplicate_of FROM waiting_entry WHERE id = ?", entryOnA)).containsEntry("duplicate_of", null);
            assertThat(row(db, "SELECT duplicate_of, status FROM waiting_entry WHERE id = ?", entryOnB))
                    .containsEntry("duplicate_of", entryOnA).containsEntry("status", "CALLED");
        }
        List<JsonObject> conflictsOnA = sameEverywhere(new ConflictQueries(a.database.client()).newest(100));
        assertThat(conflictsOnA).isEqualTo(sameEverywhere(new ConflictQueries(b.database.client()).newest(100)));
        assertThat(conflictsOnA).extracting(conflict -> conflict.getString("kind"))
                .containsExactlyInAnyOrder("DOUBLE_BOOKING", "DUPLICATE_DOCUMENT", "DUPLICATE_USERNAME", "DUPLICATE_CHECK_IN");
        assertThat(conflictsOnA).filteredOn(conflict -> conflict.getString("kind").equals("DUPLICATE_USERNAME"))
                .singleElement().satisfies(conflict -> {
                    assertThat(conflict.getString("origin")).as("A's creation was dropped").isEqualTo("node-a");
                    assertThat(conflict.getString("user")).isEqualTo("tester");
                });
        assertThat(conflictsOnA).filteredOn(conflict -> conflict.getString("kind").equals("DOUBLE_BOOKING"))
                .singleElement().satisfies(conflict -> assertThat(conflict.getJsonArray("records").getValuesAs(
                        jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList())
                        .containsExactlyInAnyOrder(bookedOnA, bookedOnB));
    }

    @Test
    void cancellingOneOfADoubleBookingClosesTheConflictOnEveryNode() throws Exception {
        a = side("node-a");
        b = side("node-b");
        String practitioner = id();
        String patient = id();
        a.write(PractitionerEvents.REGISTERED, practitioner, new PractitionerData("Dr. Caio Prado", null,
                List.of(new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0))), true).toJson());
        a.write(PatientEvents.REGISTERED, patient, patient("João Pedro Souza", null, null));
        b.apply(a.taken());
        String onA = id();
        String onB = id();
        a.write(AppointmentEvents.BOOKED, onA, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(10, 0), 30, null));
        b.write(AppointmentEvents.BOOKED, onB, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(10, 0), 30, null));
        List<Event> fromA = a.taken();
        a.apply(b.taken());
        b.apply(fromA);
        assertThat(new ConflictQueries(b.database.client()).newest(10)).hasSize(1);

        a.write(AppointmentEvents.CANCELLED, onB, JSON.createObjectBuilder().build());
        b.apply(a.taken());

        assertThat(a.checksum()).isEqualTo(b.checksum());
        assertThat(new ConflictQueries(a.database.client()).newest(10)).isEmpty();
        assertThat(new ConflictQueries(b.database.client()).newest(10)).isEmpty();
        assertThat(row(b.database.client(), "SELECT double_booked FROM appointment WHERE id = ?", onA)).containsEntry("double_booked", "false");
    }

    /** Conflicts without what differs per node by nature: when this node noticed, and superseded writes. */
    private static List<JsonObject> sameEverywhere(List<JsonObject> conflicts) {
        return conflicts.stream()
                .filter(conflict -> !conflict.getString("kind").equals("SUPERSEDED"))
                .map(conflict -> JSON.createObjectBuilder(conflict).remove("detectedAt").build())
                .toList();
    }

    private static Map<String, String> row(DbClient db, String sql, String id) {
        return db.execute().get(sql, id).map(found -> {
            Map<String, String> values = new java.util.HashMap<>();
            found.forEach(column -> values.put(column.name().toLowerCase(java.util.Locale.ROOT),
                    column.get(Object.class) == null ? null : canonical(column.get(Object.class))));
            return values;
        }).orElseThrow();
    }

    private static String canonical(Object value) {
        return value instanceof java.sql.Timestamp timestamp ? timestamp.toLocalDateTime().toString() : value.toString();
    }

    private static JsonObject patient(String name, String document, String phone) {
        return new PatientData(name, LocalDate.of(1984, 3, 12), PatientData.Sex.FEMALE, document, phone, null, null, null,
                new PatientData.Consents(true, false, true)).toJson();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private Side side(String nodeId) {
        Database database = Database.open(dir.resolve(nodeId).resolve("db"), 4);
        open.add(database);
        Journal journal = Journal.open(dir.resolve(nodeId).resolve("journal"));
        open.add(journal);
        Projection projection = ClinicProjection.create("BR");
        WritePath writes = new WritePath(journal, projection, database.client(), new NodeIdentity("clinic-a", nodeId),
                new HybridLogicalClock(new SharedClock(millis)), new SimpleMeterRegistry());
        open.add(writes);
        return new Side(database, writes);
    }

    /** One node: its database and write path, and the events it made itself since last asked. */
    private final class Side {
        private final Database database;
        private final WritePath writes;
        private final List<Event> made = new ArrayList<>();

        private Side(Database database, WritePath writes) {
            this.database = database;
            this.writes = writes;
        }

        void write(String type, String key, JsonObject payload) {
            millis.addAndGet(10);
            made.add(writes.write(new Change(type, key, "tester", payload)));
        }

        List<Event> taken() {
            List<Event> events = List.copyOf(made);
            made.clear();
            return events;
        }

        void apply(List<Event> facts) throws Exception {
            assertThat(writes.submitFacts(facts).get().taken()).isEqualTo(facts.size());
        }

        String checksum() {
            return new DataChecksum(database.client()).current().checksum();
        }
    }

    /** A wall clock that moves only when the test moves it. */
    private static final class SharedClock extends Clock {
        private final AtomicLong millis;

        private SharedClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }
    }
}
