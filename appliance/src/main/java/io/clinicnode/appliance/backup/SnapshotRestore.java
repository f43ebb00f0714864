package io.clinicnode.appliance.backup;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.atrest.DataDirectory;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.cluster.DataChecksum;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.EventBytes;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.journal.PayloadSealer;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.write.JournalMarks;

import io.helidon.dbclient.DbTransaction;

import jakarta.json.JsonObject;

/**
 * Restores a snapshot written by {@link NodeSnapshot} (its entries unzipped into a directory) into an empty data
 * directory: the database is loaded from the snapshot's script, the journal is written anew with the snapshot's events in their order
 * (its indexes are this directory's own, so the database's journal position and marks are moved to them), and the
 * data checksum of the result is computed and compared with the one the snapshot recorded.
 */
public final class SnapshotRestore {
    private SnapshotRestore() {
    }

    /** What a restore made. */
    public record Restored(String dataChecksum, long journalEvents) {
    }

    /**
     * @param entries  directory holding the snapshot's {@value NodeSnapshot#DATABASE} and {@value NodeSnapshot#JOURNAL}
     * @param info     the snapshot's {@value NodeSnapshot#INFO}
     * @param dataDir  an empty (or missing) data directory
     * @param dataKey  the data key the snapshot's node encrypted its data with (required exactly when it did)
     * @param progress told of each event written to the journal
     */
    public static Restored restore(Path entries, JsonObject info, Path dataDir, Optional<Path> dataKey, LongConsumer progress) {
        if (info.getInt("format", 0) > NodeSnapshot.FORMAT) {
            throw new ApplianceException("This backup was written in snapshot format " + info.getInt("format")
                    + ", newer than this clinicnode reads (" + NodeSnapshot.FORMAT + "); restore it with a newer clinicnode.");
        }
        boolean encrypted = info.getBoolean("encryptedAtRest", false);
        if (encrypted && dataKey.isEmpty()) {
            throw new ApplianceException("The node this backup was taken from encrypted its data with a data key (check"
                    + " value " + info.getString("dataKeyCheck", "?") + "); give it with --data-key FILE.");
        }
        if (!encrypted && dataKey.isPresent()) {
            throw new ApplianceException("The node this backup was taken from did not encrypt its data; restore without"
                    + " --data-key.");
        }
        Optional<DataKey> key = dataKey.map(DataKey::load);
        if (key.isPresent() && !key.get().checkValue().equals(info.getString("dataKeyCheck", ""))) {
            throw new ApplianceException("The data key " + dataKey.get() + " is not the one the backup's node used (check"
                    + " value " + info.getString("dataKeyCheck", "?") + ").");
        }
        DataDirectory.open(dataDir, dataKey);
        Database.createFromScript(dataDir.resolve("db"), key.map(DataKey::databaseFilePassword),
                entries.resolve(NodeSnapshot.DATABASE));
        long events = 0;
        try (Database database = Database.open(dataDir.resolve("db"), 2, key.map(DataKey::databaseFilePassword));
             Journal journal = Journal.open(dataDir.resolve("journal"), key.map(k -> PayloadSealer.aesGcm(k.journalKey())));
             InputStream in = new BufferedInputStream(Files.newInputStream(entries.resolve(NodeSnapshot.JOURNAL)), 1 << 16)) {
            DbTransaction tx = database.client().transaction();
            try {
                tx.dml("DELETE FROM journal_mark");
                DataInputStream data = new DataInputStream(in);
                EventBytes bytes = new EventBytes();
                long last = 0;
                while (true) {
                    int length;
                    try {
                        length = data.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    byte[] encoded = new byte[length];
                    data.readFully(encoded);
                    Event event = bytes.decode(encoded, version -> new ApplianceException("The backup holds an event"
                            + " of envelope version " + version + ", newer than this clinicnode reads."));
                    last = journal.append(event);
                    JournalMarks.record(tx, event, last);
                    events++;
                    if (events % 4096 == 0) {
                        journal.sync();
                    }
                    progress.accept(events);
                }
                journal.sync();
                tx.dml("UPDATE journal_position SET journal_index = ? WHERE id = 1", last);
                tx.commit();
            } catch (RuntimeException | IOException e) {
                tx.rollback();
                throw e;
            }
            if (events != info.getJsonNumber("journalEvents").longValue()) {
                throw new ApplianceException("The backup's journal holds " + events + " events, its manifest says "
                        + info.getJsonNumber("journalEvents").longValue() + ".");
            }
            String checksum = new DataChecksum(database.client()).current().checksum();
            return new Restored(checksum, events);
        } catch (IOException e) {
            throw new ApplianceException("Cannot restore the journal into " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
