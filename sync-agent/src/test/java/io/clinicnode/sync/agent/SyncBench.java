package io.clinicnode.sync.agent;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.sync.central.CentralAdmin;
import io.clinicnode.sync.central.CentralCredentials;
import io.clinicnode.sync.central.CentralSchema;
import io.clinicnode.sync.central.CentralTarget;
import io.clinicnode.sync.testing.CentralPostgres;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static io.clinicnode.appliance.json.JsonSupport.JSON;
import static io.clinicnode.sync.testing.ClinicWrites.patientPayload;
import static io.clinicnode.sync.testing.ClinicWrites.startNode;

/**
 * The sync figures of docs/PERFORMANCE.md, with a real node and a real PostgreSQL 14 on this machine:
 * online lag from an acknowledged write to its commit at central at a steady 200 writes/s, and catch-up
 * throughput for a backlog of {@code clinicnode.bench.events} events (default 1,000,000). Run with
 * {@code ./clinicnode sync-bench}; not part of the test suite.
 */
@Tag("bench")
class SyncBench {
    @RegisterExtension
    static final CentralPostgres CENTRAL = new CentralPostgres();

    @TempDir
    Path folder;

    @Test
    void onlineLagAt200WritesPerSecond() throws Exception {
        CentralCredentials credentials = central("bench-online");
        SyncAgent agent = new SyncAgent(SyncSettings.of(CENTRAL.url(database), credentials));
        Map<Long, Long> committedNanos = new ConcurrentHashMap<>();
        agent.addShippedListener((events, at) -> {
            long now = System.nanoTime();
            events.forEach(event -> committedNanos.put(event.originSeq(), now));
        });
        try (Node node = startNode(folder.resolve("online"), "bench-online", List.of(agent))) {
            List<String> patients = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = java.util.UUID.randomUUID().toString();
                node.writes().write(new Change("patient.registered", id, "bench", patientPayload("Paciente " + i, "11 9000-0000")));
                patients.add(id);
            }
            Thread.sleep(1000);
            int writes = 200 * 30;
            long[] ackNanos = new long[writes];
            long[] seqs = new long[writes];
            long start = System.nanoTime();
            for (int i = 0; i < writes; i++) {
                LockSupport.parkNanos(start + i * 5_000_000L - System.nanoTime());
                Event event = node.writes().write(new Change(i % 2 == 0 ? "patient.viewed" : "patient.updated",
                        patients.get(i % patients.size()), "bench",
                        i % 2 == 0 ? JSON.createObjectBuilder().build() : patientPayload("Paciente " + i, "11 9000-" + i)));
                ackNanos[i] = System.nanoTime();
                seqs[i] = event.originSeq();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!committedNanos.containsKey(seqs[writes - 1]) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            double[] lags = new double[writes];
            for (int i = 0; i < writes; i++) {
                lags[i] = (committedNanos.get(seqs[i]) - ackNanos[i]) / 1e6;
            }
            Arrays.sort(lags);
            double seconds = (ackNanos[writes - 1] - start) / 1e9;
            System.out.printf("SYNC-BENCH online: %d writes at %.0f/s; lag from acknowledgement to commit at central:"
                            + " p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", writes, writes / seconds, lags[writes / 2],
                    lags[(int) Math.ceil(writes * 0.99) - 1], lags[writes - 1]);
        }
    }

    @Test
    void catchUpOfABacklog() throws Exception {
        long events = Long.getLong("clinicnode.bench.events", 1_000_000);
        CentralCredentials credentials = central("bench-catchup");
        Path dataDir = folder.resolve("catchup");
        long last;
        long writeStart = System.nanoTime();
        try (Node node = startNode(dataDir, "bench-catchup", List.of())) {
            last = fill(node, events);
        }
        double writeSeconds = (System.nanoTime() - writeStart) / 1e9;
        System.out.printf("SYNC-BENCH backlog: %d events written in %.1f s (central not connected)%n", last, writeSeconds);

        SyncAgent agent = new SyncAgent(SyncSettings.of(CENTRAL.url(database), credentials));
        long[] firstCommit = {0};
        long[] lastCommit = {0};
        agent.addShippedListener((shipped, at) -> {
            long now = System.nanoTime();
            if (firstCommit[0] == 0) {
                firstCommit[0] = now;
            }
            lastCommit[0] = now;
        });
        long start = System.nanoTime();
        try (Node node = startNode(dataDir, "bench-catchup", List.of(agent))) {
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(10).toNanos();
            while (agent.shippedTotal() < last && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            double seconds = (lastCommit[0] - started) / 1e9;
            System.out.printf("SYNC-BENCH catch-up: %d events at central in %.1f s after the node was ready = %.0f events/s"
                            + " (node start with journal replay check %.1f s)%n", agent.shippedTotal(), seconds,
                    agent.shippedTotal() / seconds, (started - start) / 1e9);
        }
        try (Connection connection = CENTRAL.admin(database); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM sync_event), (SELECT count(*) FROM patient),"
                     + " (SELECT count(*) FROM audit), pg_size_pretty(pg_database_size(current_database()))")) {
            rows.next();
            System.out.printf("SYNC-BENCH central after catch-up: %d events, %d patients, %d audit rows, database %s%n",
                    rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getString(4));
        }
    }

    /** Writes {@code events} events (one registration, then updates and views of it), 512 at a time in flight. */
    private static long fill(Node node, long events) throws Exception {
        List<CompletableFuture<Event>> inFlight = new ArrayList<>();
        long last = 0;
        String patient = null;
        for (long i = 0; i < events; i++) {
            Change change;
            if (i % 5 == 0) {
                patient = java.util.UUID.randomUUID().toString();
                change = new Change("patient.registered", patient, "bench", patientPayload("Paciente Bench " + i, "11 9000-0000"));
            } else if (i % 5 < 3) {
                change = new Change("patient.updated", patient, "bench", patientPayload("Paciente Bench " + i, "11 9111-" + i % 10000));
            } else {
                change = new Change("patient.viewed", patient, "bench", JSON.createObjectBuilder().build());
            }
            inFlight.add(node.writes().submit(change));
            if (inFlight.size() == 2048) {
                for (CompletableFuture<Event> write : inFlight) {
                    last = Math.max(last, write.get().originSeq());
                }
                inFlight.clear();
            }
        }
        for (CompletableFuture<Event> write : inFlight) {
            last = Math.max(last, write.get().originSeq());
        }
        return last;
    }

    private String database;

    private CentralCredentials central(String clinicId) {
        database = CENTRAL.createDatabase();
        CentralTarget admin = new CentralTarget(CENTRAL.adminUrl(database), Optional.empty(), Optional.empty());
        CentralSchema.migrate(admin);
        return CentralAdmin.addClinic(admin, clinicId, null, false);
    }
}
