package io.clinicnode.sync.agent;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.testing.Eventually;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.testing.CentralPostgres;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.json.JsonSupport.JSON;
import static io.clinicnode.sync.testing.ClinicWrites.book;
import static io.clinicnode.sync.testing.ClinicWrites.change;
import static io.clinicnode.sync.testing.ClinicWrites.newId;
import static io.clinicnode.sync.testing.ClinicWrites.patient;
import static io.clinicnode.sync.testing.ClinicWrites.practitioner;
import static io.clinicnode.sync.testing.ClinicWrites.startNode;
import static io.clinicnode.sync.testing.ClinicWrites.updatePatient;
import static org.assertj.core.api.Assertions.assertThat;

/** The agent inside a real node, shipping to a real PostgreSQL. */
class SyncAgentTest {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    @TempDir
    Path folder;

    private record Central(String database, CentralCredentials credentials) {
    }

    private static Central central(String clinicId) {
        String database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);
        return new Central(database, CentralAdmin.addClinic(admin, clinicId, null, false));
    }

    private static SyncAgent agent(Central central) {
        return new SyncAgent(SyncSettings.of(CENTRAL.url(central.database()), central.credentials())
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(500)));
    }

    @Test
    void shipsEveryEventAndTheClinicsCurrentRows() throws Exception {
        Central central = central("rows");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "rows", List.of(agent))) {
            String doctor = newId();
            String ana = newId();
            String visit = newId();
            String cancelled = newId();
            String checkin = newId();
            practitioner(node, doctor);
            patient(node, ana, "Ana Lima");
            updatePatient(node, ana, "Ana Lima Costa", "11 91234-5678");
            change(node, "patient.viewed", ana, JSON.createObjectBuilder().build());
            book(node, visit, ana, doctor, 9);
            change(node, "appointment.moved", visit, JSON.createObjectBuilder().add("start", "2026-12-07T10:00").build());
            book(node, cancelled, ana, doctor, 14);
            change(node, "appointment.cancelled", cancelled, JSON.createObjectBuilder().build());
            change(node, "checkin.recorded", checkin, JSON.createObjectBuilder().add("appointmentId", visit).build());
            change(node, "waiting.status-changed", checkin, JSON.createObjectBuilder().add("status", "CALLED").build());
            long last = change(node, "waiting.status-changed", checkin, JSON.createObjectBuilder().add("status", "DONE").build())
                    .originSeq();
            String origin = node.identity().nodeId();

            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + origin + "'", String.valueOf(last));

            assertThat(query(central, "SELECT count(*), min(origin_seq), max(origin_seq) FROM sync_event"))
                    .containsExactly(List.of(String.valueOf(last), "1", String.valueOf(last)));
            assertThat(query(central, "SELECT payload ? 'passwordHash', payload->>'username' FROM sync_event WHERE type = 'user.created'"))
                    .containsExactly(List.of("f", "admin"));
            assertThat(query(central, "SELECT full_name, phone, birth_date::text, created_at < updated_at FROM patient"))
                    .containsExactly(List.of("Ana Lima Costa", "11 91234-5678", "1980-02-03", "t"));
            assertThat(query(central, "SELECT id, start_at::text, duration_minutes::text, status, patient_id FROM appointment ORDER BY start_at"))
                    .containsExactly(List.of(visit, "2026-12-07 10:00:00", "30", "COMPLETED", ana),
                            List.of(cancelled, "2026-12-07 14:00:00", "30", "CANCELLED", ana));
            assertThat(query(central, "SELECT status, patient_id, called_at IS NOT NULL, started_at IS NOT NULL, done_at IS NOT NULL FROM checkin"))
                    .containsExactly(List.of("DONE", ana, "t", "t", "t"));
            assertThat(query(central, "SELECT full_name, active::text, working_hours->0->>'dayOfWeek' FROM practitioner"))
                    .containsExactly(List.of("Dra. Ana Souza", "true", "MONDAY"));
            assertThat(query(central, "SELECT action, patient_id FROM audit ORDER BY occurred_at, id"))
                    .extracting(row -> row.get(0))
                    .containsExactly("CREATE", "UPDATE", "VIEW", "BOOK", "MOVE", "BOOK", "CANCEL", "CHECK_IN", "CALLED", "DONE");
            assertThat(query(central, "SELECT DISTINCT patient_id FROM audit")).containsExactly(List.of(ana));
            awaitCentral(central, "SELECT leader::text || ' ' || (backlog_events = 0)::text FROM node_heartbeat WHERE node_id = '"
                    + origin + "'", "true true");
            assertThat(agent.status().state()).isIn(SyncStatus.State.IN_SYNC, SyncStatus.State.SYNCING);
            assertThat(agent.backlogEvents()).isZero();
        }
    }

    /** Issue 11's events reach central: undo, walk-ins, the waiting room's new states, rooms; no token hash leaves. */
    @Test
    void shipsTheFrontDesksDay() throws Exception {
        Central central = central("day");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "day", List.of(agent))) {
            String doctor = newId();
            String ana = newId();
            String missed = newId();
            String visit = newId();
            String checkin = newId();
            String walkIn = newId();
            practitioner(node, doctor);
            patient(node, ana, "Ana Lima");
            book(node, missed, ana, doctor, 9);
            change(node, "appointment.no-show", missed, JSON.createObjectBuilder().build());
            change(node, "appointment.reopened", missed, JSON.createObjectBuilder().build());
            book(node, visit, ana, doctor, 11);
            change(node, "checkin.recorded", checkin, JSON.createObjectBuilder().add("appointmentId", visit).build());
            change(node, "checkin.undone", checkin, JSON.createObjectBuilder().add("appointmentId", visit).build());
            change(node, "checkin.walk-in", walkIn, JSON.createObjectBuilder().add("patientId", ana).add("practitionerId", doctor)
                    .add("day", "2026-12-07").add("priorities", JSON.createArrayBuilder().add("PREGNANT")).build());
            for (String status : List.of("CALLED", "WAITING", "CALLED", "NO_ANSWER", "LEFT")) {
                change(node, "waiting.status-changed", walkIn, JSON.createObjectBuilder().add("status", status).build());
            }
            change(node, "room.practitioner-set", doctor, JSON.createObjectBuilder().add("room", "Consultório 2").build());
            long last = change(node, "display.token-created", newId(), JSON.createObjectBuilder().add("name", "TV")
                    .add("tokenHash", "0".repeat(64)).build()).originSeq();
            String origin = node.identity().nodeId();

            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + origin + "'", String.valueOf(last));

            assertThat(query(central, "SELECT count(*) FROM dead_letter")).containsExactly(List.of("0"));
            assertThat(query(central, "SELECT id, status FROM appointment ORDER BY start_at"))
                    .containsExactly(List.of(missed, "BOOKED"), List.of(visit, "BOOKED"));
            assertThat(query(central, "SELECT id, status, patient_id, appointment_id IS NULL FROM checkin ORDER BY checked_in_at"))
                    .containsExactly(List.of(checkin, "UNDONE", ana, "f"), List.of(walkIn, "LEFT", ana, "t"));
            assertThat(query(central, "SELECT payload ? 'tokenHash', payload->>'name' FROM sync_event WHERE type = 'display.token-created'"))
                    .containsExactly(List.of("f", "TV"));
            assertThat(query(central, "SELECT payload->>'room' FROM sync_event WHERE type = 'room.practitioner-set'"))
                    .containsExactly(List.of("Consultório 2"));
            assertThat(query(central, "SELECT action FROM audit ORDER BY occurred_at, id")).extracting(row -> row.get(0))
                    .contains("NO_SHOW", "UNDO", "CHECK_IN", "UNDO_CHECK_IN", "NO_ANSWER", "LEFT");
        }
    }

    @Test
    void shipsConfirmationsAppointmentTypesAndAgendaBlocks() throws Exception {
        Central central = central("desk-day");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "desk-day", List.of(agent))) {
            String doctor = newId();
            String ana = newId();
            String confirmed = newId();
            String unconfirmed = newId();
            String type = newId();
            String block = newId();
            practitioner(node, doctor);
            patient(node, ana, "Ana Lima");
            change(node, "appointment-type.created", type, JSON.createObjectBuilder().add("name", "Retorno")
                    .add("durationMinutes", 20).add("color", "#2e7d32").build());
            node.writes().write(new Change("appointment.booked", confirmed, "recepcao",
                    JSON.createObjectBuilder().add("patientId", ana).add("practitionerId", doctor).add("start", "2026-12-07T09:00")
                            .add("durationMinutes", 20).add("typeId", type).build()));
            book(node, unconfirmed, ana, doctor, 10);
            change(node, "appointment.confirmed", confirmed, JSON.createObjectBuilder().add("channel", "WHATSAPP").build());
            change(node, "appointment.confirmed", unconfirmed, JSON.createObjectBuilder().add("channel", "PHONE").build());
            change(node, "appointment.unconfirmed", unconfirmed, JSON.createObjectBuilder().build());
            long last = change(node, "agenda-block.added", block, JSON.createObjectBuilder().add("kind", "BLOCK")
                    .add("practitionerId", doctor).add("start", "2026-12-07T13:00").add("end", "2026-12-07T18:00")
                    .add("reason", "Congresso").build()).originSeq();
            String origin = node.identity().nodeId();

            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + origin + "'", String.valueOf(last));

            assertThat(query(central, "SELECT id, status FROM appointment ORDER BY start_at"))
                    .containsExactly(List.of(confirmed, "CONFIRMED"), List.of(unconfirmed, "BOOKED"));
            assertThat(query(central, "SELECT payload->>'channel' FROM sync_event WHERE type = 'appointment.confirmed' AND key = '"
                    + confirmed + "'")).containsExactly(List.of("WHATSAPP"));
            assertThat(query(central, "SELECT payload->>'typeId' FROM sync_event WHERE type = 'appointment.booked' AND key = '"
                    + confirmed + "'")).containsExactly(List.of(type));
            assertThat(query(central, "SELECT type FROM sync_event WHERE key IN ('" + type + "', '" + block + "') ORDER BY origin_seq"))
                    .containsExactly(List.of("appointment-type.created"), List.of("agenda-block.added"));
            assertThat(query(central, "SELECT action FROM audit WHERE action LIKE '%CONFIRM' ORDER BY occurred_at, id"))
                    .extracting(row -> row.get(0)).containsExactly("CONFIRM", "CONFIRM", "UNCONFIRM");
        }
    }

    @Test
    void shipsInClearWhatTheNodeKeepsEncryptedAtRest() throws Exception {
        Central central = central("sealed");
        SyncAgent agent = agent(central);
        Path key = DataKey.create(folder.resolve("keys").resolve("data.key")).file();
        try (Node node = startNode(folder.resolve("node"), "sealed", List.of(agent), Map.of("data-key", key.toString()))) {
            String ana = newId();
            long last = patient(node, ana, "Ana Sigilosa Lima").originSeq();

            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + node.identity().nodeId() + "'",
                    String.valueOf(last));

            assertThat(query(central, "SELECT id, full_name FROM patient")).containsExactly(List.of(ana, "Ana Sigilosa Lima"));
        }
    }

    @Test
    void parksAnEventCentralRefusesAndShipsTheOthers() throws Exception {
        Central central = central("parking");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "parking", List.of(agent))) {
            String bad = newId();
            patient(node, newId(), "Before Bad");
            // PostgreSQL stores no NUL character, in text or jsonb: the node accepted it, central cannot.
            long badSeq = patient(node, bad, "Bad\u0000Name").originSeq();
            long last = patient(node, newId(), "After Bad").originSeq();
            String origin = node.identity().nodeId();

            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + origin + "'", String.valueOf(last));

            assertThat(query(central, "SELECT origin_seq::text, type, attempts::text, error LIKE '%' FROM dead_letter"))
                    .containsExactly(List.of(String.valueOf(badSeq), "patient.registered", "3", "t"));
            assertThat(query(central, "SELECT full_name FROM patient ORDER BY full_name"))
                    .containsExactly(List.of("After Bad"), List.of("Before Bad"));
            assertThat(query(central, "SELECT count(*) FROM sync_event WHERE origin_seq = " + badSeq)).containsExactly(List.of("0"));
            assertThat(agent.deadLettersTotal()).isEqualTo(1);
            assertThat(agent.status().lastDeadLetter()).contains(origin + ":" + badSeq);
        }
    }

    @Test
    void listsAConflictReportedFromBothSidesOfAPartitionOnceAtCentral() throws Exception {
        Central central = central("conflicts");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "conflicts", List.of(agent))) {
            String first = newId();
            String second = newId();
            String conflictId = "DOUBLE_BOOKING:" + first + ":" + second;
            JsonObject detail = JSON.createObjectBuilder().add("kind", "DOUBLE_BOOKING").add("key", first)
                    .add("reason", "Two appointments at the same time.").add("conflictId", conflictId).build();
            // Both sides' leaders reported the one double booking, each under its own origin.
            long now = System.currentTimeMillis() << 16;
            List<Event> reports = List.of(
                    new Event("conflicts", "node-0000000a", 1, now, "conflict.double-booking", conflictId, "system", detail.toString()),
                    new Event("conflicts", "node-0000000b", 1, now + 1, "conflict.double-booking", conflictId, "system", detail.toString()));
            assertThat(node.writes().submitFacts(reports).get().taken()).isEqualTo(2);

            awaitCentral(central, "SELECT count(*) FROM sync_event WHERE type = 'conflict.double-booking'", "2");
            assertThat(query(central, "SELECT id, kind, key, detail->>'reason' FROM conflict"))
                    .containsExactly(List.of(conflictId, "double-booking", first, "Two appointments at the same time."));
            assertThat(query(central, "SELECT count(*) FROM dead_letter")).containsExactly(List.of("0"));
        }
    }

    @Test
    void storesAndForwardsWhileCentralIsStoppedAndSaysWhy() throws Exception {
        Central central = central("outage");
        SyncAgent agent = agent(central);
        try (Node node = startNode(folder.resolve("node"), "outage", List.of(agent))) {
            String origin = node.identity().nodeId();
            patient(node, newId(), "Before Outage");
            await(() -> agent.backlogEvents() == 0 && agent.status().state() == SyncStatus.State.IN_SYNC);

            CENTRAL.stop();
            long last = 0;
            try {
                for (int i = 0; i < 50; i++) {
                    last = patient(node, newId(), "During Outage " + i).originSeq();
                }
                await(() -> agent.status().failure() != null);
                assertThat(agent.status().failure()).isIn(FailureKind.REFUSED, FailureKind.CONNECTION);
                assertThat(agent.backlogEvents()).isGreaterThanOrEqualTo(50);
                assertThat(agent.backlogSeconds()).isPositive();
            } finally {
                CENTRAL.start();
            }
            awaitCentral(central, "SELECT last_seq FROM sync_mark WHERE origin = '" + origin + "'", String.valueOf(last));
            assertThat(query(central, "SELECT count(*), count(DISTINCT origin_seq) FROM sync_event WHERE type = 'patient.registered'"))
                    .containsExactly(List.of("51", "51"));
            await(() -> agent.status().failure() == null && agent.backlogEvents() == 0);
            // The dashboard reads the clinic as in sync again (the error is no longer open), the error kept as history.
            awaitCentral(central, "SELECT error_open::text FROM node_heartbeat WHERE node_id = '" + origin + "'", "false");
            assertThat(query(central, "SELECT last_error FROM node_heartbeat WHERE node_id = '" + origin + "'").getFirst().getFirst())
                    .matches("(refused|connection): .+ \\(20\\d\\d-.+\\)");
        }
    }

    static void await(BooleanSupplier condition) {
        Eventually.await("the agent's state", Duration.ofSeconds(30), condition::getAsBoolean);
    }

    private static void awaitCentral(Central central, String sql, String expected) {
        Eventually.await("central's answer to " + sql, Duration.ofSeconds(30), () -> query(central, sql),
                rows -> rows.size() == 1 && expected.equals(rows.getFirst().getFirst()));
    }

    static List<List<String>> query(Central central, String sql) throws SQLException {
        return CENTRAL.rows(central.database(), sql);
    }
}
