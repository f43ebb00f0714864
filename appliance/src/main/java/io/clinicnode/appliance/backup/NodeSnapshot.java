package io.clinicnode.appliance.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.cluster.DataChecksum;
import io.clinicnode.appliance.journal.EventBytes;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.WritePath;


import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Takes a consistent snapshot of a node and writes it as a zip of three entries: {@value #DATABASE} (H2's
 * {@code SCRIPT}: the live rows as SQL, which {@code RUNSCRIPT} loads), {@value #JOURNAL} (every journal event up to the
 * position that database view records, each as a length and its clear envelope) and {@value #INFO} (clinic, node,
 * journal position, per-origin applied sequences, the data checksum of that view).
 *
 * <p>Why it is consistent: a transaction at H2's SNAPSHOT isolation sees the whole database as it was at its first
 * statement. That statement (reading the journal position) runs on the write path's writer thread between two groups
 * ({@link WritePath#runBetweenGroups}), when nothing is journaled or applied, so the view and the position belong
 * together; the journal past that position is left out. Changes wait only for that one small read: the script, the
 * journal and the checksum are read afterwards, in the same view, while the node goes on writing.
 */
public final class NodeSnapshot {
    public static final String DATABASE = "database.sql";
    public static final String JOURNAL = "journal.events";
    public static final String INFO = "snapshot.json";
    /** Format of the snapshot's entries; a restore refuses a newer one. */
    public static final int FORMAT = 1;

    private NodeSnapshot() {
    }

    /** What the snapshot's view holds: the journal position it applied up to, and each origin's sequence. */
    private record Frozen(long journalIndex, Map<String, Long> applied) {
    }

    /**
     * Writes a snapshot of the node to {@code out} (not closed).
     *
     * @param writer the running node's writer; empty when nothing writes (the node is stopped)
     * @return the snapshot's {@value #INFO}
     */
    public static JsonObject write(Database db, Journal journal, NodeIdentity identity, Optional<DataKey> key,
                                   Optional<WritePath> writer, OutputStream out) {
        Instant takenAt = Instant.now();
        try (Connection snapshot = db.connect()) {
            // SNAPSHOT isolation: every read of this transaction sees the database as it was at its first statement.
            try (Statement statement = snapshot.createStatement()) {
                statement.execute("SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SNAPSHOT");
            }
            snapshot.setAutoCommit(false);
            long started = System.nanoTime();
            Frozen frozen = writer.isPresent()
                    ? await(writer.get().runBetweenGroups(() -> freeze(snapshot)))
                    : freeze(snapshot);
            org.tinylog.Logger.info("Fixed the backup's snapshot at journal index {} in {} ms{}", frozen.journalIndex(),
                    (System.nanoTime() - started) / 1_000_000, writer.isPresent() ? " (changes waited that long)" : "");
            // The checksum before the script: H2's SCRIPT reads the transaction's view but ends the transaction.
            String checksum = DataChecksum.of(snapshot);
            ZipOutputStream zip = new ZipOutputStream(nonClosing(out));
            zip.setLevel(1);
            zip.putNextEntry(new ZipEntry(DATABASE));
            writeScript(snapshot, zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(JOURNAL));
            long events = writeJournal(journal, frozen.journalIndex(), zip);
            zip.closeEntry();
            snapshot.rollback();
            JsonObjectBuilder applied = Json.createObjectBuilder();
            new TreeMap<>(frozen.applied()).forEach(applied::add);
            JsonObjectBuilder info = Json.createObjectBuilder()
                    .add("format", FORMAT)
                    .add("clinicId", identity.clinicId())
                    .add("nodeId", identity.nodeId())
                    .add("takenAt", takenAt.toString())
                    .add("journalIndex", frozen.journalIndex())
                    .add("journalEvents", events)
                    .add("applied", applied)
                    .add("dataChecksum", checksum)
                    .add("encryptedAtRest", key.isPresent());
            key.ifPresent(k -> info.add("dataKeyCheck", k.checkValue()));
            JsonObject built = info.build();
            zip.putNextEntry(new ZipEntry(INFO));
            zip.write(built.toString().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snapshot: " + e.getMessage(), e);
        } catch (SQLException e) {
            throw new ApplianceException("Cannot read the database for the snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * Runs with nothing else writing (between two groups): the snapshot transaction's first statement fixes what it
     * sees, and reads the journal position and per-origin sequences that view holds.
     */
    private static Frozen freeze(Connection snapshot) {
        try (Statement statement = snapshot.createStatement()) {
            long index = 0;
            try (ResultSet row = statement.executeQuery("SELECT journal_index FROM journal_position WHERE id = 1")) {
                if (row.next()) {
                    index = row.getLong(1);
                }
            }
            Map<String, Long> applied = new java.util.HashMap<>();
            try (ResultSet rows = statement.executeQuery("SELECT origin, last_seq FROM origin_progress")) {
                while (rows.next()) {
                    applied.put(rows.getString(1), rows.getLong(2));
                }
            }
            return new Frozen(index, applied);
        } catch (SQLException e) {
            throw new ApplianceException("Cannot read the journal position for the snapshot: " + e.getMessage(), e);
        }
    }

    /**
     * H2's {@code SCRIPT} of the snapshot: the live rows only, each statement ended by a semicolon, as RUNSCRIPT reads
     * them. SCRIPT reads the transaction's view and then commits it: nothing may read that view after it.
     */
    private static void writeScript(Connection snapshot, OutputStream out) throws SQLException, IOException {
        java.io.Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(nonClosing(out), StandardCharsets.UTF_8), 1 << 16);
        try (Statement statement = snapshot.createStatement(); ResultSet lines = statement.executeQuery("SCRIPT")) {
            while (lines.next()) {
                writer.write(lines.getString(1));
                writer.write(";\n");
            }
        }
        writer.flush();
    }

    private static long writeJournal(Journal journal, long upToIndex, OutputStream out) throws IOException {
        if (upToIndex == 0) {
            return 0;
        }
        DataOutputStream data = new DataOutputStream(nonClosing(out));
        EventBytes bytes = new EventBytes();
        long[] count = {0};
        try {
            journal.scan(0, (index, event) -> {
                if (index > upToIndex) {
                    return false;
                }
                byte[] encoded = bytes.encode(event);
                try {
                    data.writeInt(encoded.length);
                    data.write(encoded);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                count[0]++;
                return index < upToIndex;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        data.flush();
        return count[0];
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new ApplianceException("The snapshot failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApplianceException("Interrupted while taking a snapshot", e);
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

}
