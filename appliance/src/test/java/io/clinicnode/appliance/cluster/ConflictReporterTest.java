package io.clinicnode.appliance.cluster;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;

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
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WritePath;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.json.JsonSupport.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Conflicts a node finds become {@code conflict.<kind>} journal events, once per conflict: two real write paths (H2 +
 * journal) meet a double booking and a username created on both sides of a partition; each node's reporter sweeps, and
 * the clinic's journal holds one report of each conflict, however often and on however many nodes it is found.
 */
class ConflictReporterTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable closeable : open.reversed()) {
            closeable.close();
        }
    }

    @Test
    void eachConflictFoundAfterAHealIsJournaledOnceHoweverOftenAndWhereverItIsFound() throws Exception {
        Node a = node("node-a");
        Node b = node("node-b");
        String practitioner = UUID.randomUUID().toString();
        String patient = UUID.randomUUID().toString();
        a.write(PractitionerEvents.REGISTERED, practitioner, new PractitionerData("Dra. Helena Duarte", null,
                List.of(new WorkingHours(DayOfWeek.MONDAY, LocalTime.of(8, 0), LocalTime.of(18, 0))), true).toJson());
        a.write(PatientEvents.REGISTERED, patient, new PatientData("Rita de Cássia Moura", LocalDate.of(1979, 4, 2),
                PatientData.Sex.FEMALE, null, null, null, null, null, new PatientData.Consents(true, false, false)).toJson());
        b.apply(a.taken());

        // The partition: the same slot booked and the same username created on both sides.
        String onA = UUID.randomUUID().toString();
        String onB = UUID.randomUUID().toString();
        a.write(AppointmentEvents.BOOKED, onA, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(10, 0), 30, null));
        b.write(AppointmentEvents.BOOKED, onB, AppointmentEvents.bookedPayload(patient, practitioner, MONDAY.atTime(10, 0), 30, null));
        a.write(UserEvents.CREATED, "bia", UserEvents.createdPayload("bia", "Bia (A)", "hash-a", EnumSet.of(Role.FRONT_DESK), "pt-BR"));
        b.write(UserEvents.CREATED, "bia", UserEvents.createdPayload("bia", "Bia (B)", "hash-b", EnumSet.of(Role.FRONT_DESK), "pt-BR"));
        assertThat(a.reporter.sweep()).as("nothing to report while each side sees only its own bookings").isZero();

        // The heal: A (the leader) applies B's events and reports what it finds.
        List<Event> fromA = a.taken();
        a.apply(b.taken());
        assertThat(a.reporter.sweep()).isEqualTo(2);
        List<Event> reports = a.taken();
        assertThat(reports).extracting(Event::type)
                .containsExactlyInAnyOrder("conflict.double-booking", "conflict.duplicate-username");
        Event doubleBooking = reports.stream().filter(event -> event.type().equals("conflict.double-booking")).findFirst().orElseThrow();
        JsonObject detail = JSON.createReader(new StringReader(doubleBooking.payload())).readObject();
        assertThat(doubleBooking.actor()).isEqualTo("system");
        assertThat(detail.getString("conflictId")).isEqualTo(doubleBooking.key()).contains(onA).contains(onB);
        assertThat(detail.getString("reason")).contains("Dra. Helena Duarte");
        assertThat(detail.getJsonArray("records").getValuesAs(JsonString.class))
                .extracting(JsonString::getString).containsExactlyInAnyOrder(onA, onB);

        assertThat(a.reporter.sweep()).as("a second sweep finds them reported").isZero();
        assertThatThrownBy(() -> a.writes.write(ConflictReports.change(new ConflictQueries.Unreported(doubleBooking.key(), detail))))
                .as("the leader refuses a second report of one conflict (another node found it too)")
                .isInstanceOf(RejectedChange.class).hasMessageContaining("reported already");

        // B finds the same conflicts on its own before A's reports reach it, and reports them too (the two sides'
        // leaders, say): both reports are facts on both nodes, and each node keeps one row, the earlier report.
        b.apply(fromA);
        assertThat(b.reporter.sweep()).isEqualTo(2);
        List<Event> secondReports = b.taken();
        b.apply(reports);
        a.apply(secondReports);
        assertThat(a.reporter.sweep()).isZero();
        assertThat(b.reporter.sweep()).isZero();
        for (Node node : List.of(a, b)) {
            assertThat(node.reported()).containsExactlyInAnyOrderElementsOf(
                    reports.stream().map(event -> event.key() + " " + ApplyContext.version(event)).toList());
        }
        assertThat(new DataChecksum(a.database.client()).current().checksum())
                .isEqualTo(new DataChecksum(b.database.client()).current().checksum());
    }

    private Node node(String nodeId) {
        Database database = Database.open(dir.resolve(nodeId).resolve("db"), 4);
        open.add(database);
        Journal journal = Journal.open(dir.resolve(nodeId).resolve("journal"));
        open.add(journal);
        Projection projection = ClinicProjection.create("BR");
        WritePath writes = new WritePath(journal, projection, database.client(), new NodeIdentity("clinic-a", nodeId),
                new HybridLogicalClock(Clock.systemUTC()), new SimpleMeterRegistry());
        open.add(writes);
        Node node = new Node(database, writes, nodeId);
        open.add(node.reporter);
        return node;
    }

    /** One node: its database, its write path and its reporter, and the events it made itself since last asked. */
    private static final class Node {
        private final Database database;
        private final WritePath writes;
        private final ConflictReporter reporter;
        private final List<Event> made = new ArrayList<>();

        private Node(Database database, WritePath writes, String nodeId) {
            this.database = database;
            this.writes = writes;
            // The reporter writes through this node's own writer, as a lone node or a leader does.
            this.reporter = new ConflictReporter(new ConflictQueries(database.client()), this::write, nodeId);
        }

        void write(String type, String key, JsonObject payload) {
            write(new Change(type, key, "tester", payload));
        }

        private synchronized Event write(Change change) {
            Event event = writes.write(change);
            made.add(event);
            return event;
        }

        synchronized List<Event> taken() {
            List<Event> events = List.copyOf(made);
            made.clear();
            return events;
        }

        void apply(List<Event> facts) throws Exception {
            assertThat(writes.submitFacts(facts).get().taken()).isEqualTo(facts.size());
        }

        List<String> reported() {
            try (var rows = database.client().execute().query("SELECT conflict_id, reported_version FROM conflict_report")) {
                return rows.map(row -> row.column("conflict_id").get(String.class) + " " + row.column("reported_version").get(String.class))
                        .toList();
            }
        }
    }
}
