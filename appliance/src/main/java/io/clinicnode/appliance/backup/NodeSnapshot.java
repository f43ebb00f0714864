package io.clinicnode.appliance.backup;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.cluster.DataChecksum;
import io.clinicnode.appliance.journal.EventBytes;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.WritePath;

import io.helidon.dbclient.DbClient;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Takes a consistent snapshot of a node and writes it as a zip of three entries: {@value #DATABASE} (H2's online
 * {@code BACKUP TO}), {@value #JOURNAL} (every journal event up to the position the database records, each as a length
 * and its clear envelope) and {@value #INFO} (clinic, node, journal position, per-origin applied sequences, the data
 * checksum of the copy).
 *
 * <p>Why it is consistent: the database copy and the position are taken on the write path's writer thread between two
 * groups ({@link WritePath#runBetweenGroups}), when nothing is journaled or applied; the journal events past that
 * position are left out, so a restore holds exactly what the copied database holds. Writes wait only for the H2 copy;
 * reading the journal and checksumming the copy happen after, while the node goes on writing.
 */
public final class NodeSnapshot {
    public static final String DATABASE = "database.zip";
    public static final String JOURNAL = "journal.events";
    public static final String INFO = "snapshot.json";
    /** Format of the snapshot's entries; a restore refuses a newer one. */
    public static final int FORMAT = 1;

    private NodeSnapshot() {
    }

    /** What the database copy holds: the journal position it applied up to, and each origin's sequence. */
    private record Frozen(long journalIndex, Map<String, Long> applied) {
    }

    /**
     * Writes a snapshot of the node to {@code out} (not closed).
     *
     * @param writer  the running node's writer; empty when nothing writes (the node is stopped)
     * @param workDir a private directory for the database copy (inside the data directory: the only place the
     *                service may write); removed after
     * @return the snapshot's {@value #INFO}
     */
    public static JsonObject write(DbClient db, Journal journal, NodeIdentity identity, Optional<DataKey> key,
                                   Optional<WritePath> writer, Path workDir, OutputStream out) {
        try {
            deleteTree(workDir);
            PrivateFiles.createDirectories(workDir);
            Path copy = workDir.resolve(DATABASE);
            Instant takenAt = Instant.now();
            long copyStarted = System.nanoTime();
            if (writer.isPresent()) {
                await(writer.get().runBetweenGroups(() -> copyDatabase(db, copy)));
            } else {
                copyDatabase(db, copy);
            }
            org.tinylog.Logger.info("Copied the database for a backup in {} ms{}", (System.nanoTime() - copyStarted) / 1_000_000,
                    writer.isPresent() ? " (changes waited that long)" : "");
            // The copy itself says which journal position and origins it holds: the journal is cut there, whatever
            // H2 put in the copy, so the snapshot's parts can never disagree. The copy is opened on its own, as a
            // restore will open it; its checksum is computed after the bytes flowed, so the client sees progress.
            Path opened = workDir.resolve("check");
            SnapshotFiles.unzip(copy, opened);
            Frozen frozen;
            long events;
            String checksum;
            ZipOutputStream zip = new ZipOutputStream(nonClosing(out));
            try (Database database = Database.open(opened, 2, key.map(DataKey::databaseFilePassword))) {
                DbClient copyDb = database.client();
                frozen = new Frozen(copyDb.execute().get("SELECT journal_index FROM journal_position WHERE id = 1")
                        .map(row -> Rows.number(row, "journal_index")).orElse(0L), Projection.appliedSeqs(copyDb.execute()));
                zip.setLevel(1);
                zip.putNextEntry(new ZipEntry(DATABASE));
                Files.copy(copy, zip);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry(JOURNAL));
                events = writeJournal(journal, frozen.journalIndex(), zip);
                zip.closeEntry();
                checksum = new DataChecksum(copyDb).current().checksum();
            }
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
            zip.write(built.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.finish();
            zip.flush();
            return built;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the snapshot: " + e.getMessage(), e);
        } finally {
            deleteTree(workDir);
        }
    }

    /** Runs with nothing else writing (between two groups): H2's online copy of the database. */
    private static Object copyDatabase(DbClient db, Path copy) {
        db.execute().dml("BACKUP TO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
        return copy;
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

    static void deleteTree(Path root) {
        SnapshotFiles.deleteTree(root);
    }
}
