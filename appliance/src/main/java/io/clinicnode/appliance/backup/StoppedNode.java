package io.clinicnode.appliance.backup;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.ClinicProjection;
import io.clinicnode.appliance.atrest.DataDirectory;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.atrest.PrivateFiles;
import io.clinicnode.appliance.journal.HybridLogicalClock;
import io.clinicnode.appliance.journal.Journal;
import io.clinicnode.appliance.journal.PayloadSealer;
import io.clinicnode.appliance.store.Database;
import io.clinicnode.appliance.store.Rows;
import io.clinicnode.appliance.write.NodeIdentity;
import io.clinicnode.appliance.write.Recovery;

import jakarta.json.JsonObject;

/**
 * The data directory of a node that is not running, opened by the {@code clinicnode} command itself: for a backup
 * (after replaying what the journal holds beyond the database, as the node would at start) or to compare the journal
 * with the database. Opening fails with a sentence while a node uses the directory (H2 and the journal lock it).
 */
public final class StoppedNode implements AutoCloseable {
    private final Path dataDir;
    private final DataDirectory directory;
    private final Database database;
    private final Journal journal;
    private final NodeIdentity identity;

    private StoppedNode(Path dataDir, DataDirectory directory, Database database, Journal journal, NodeIdentity identity) {
        this.dataDir = dataDir;
        this.directory = directory;
        this.database = database;
        this.journal = journal;
        this.identity = identity;
    }

    /** Opens {@code dataDir} (which must hold a node's data) with its data key, if it has one. */
    public static StoppedNode open(Path dataDir, Optional<Path> dataKey) {
        if (!Files.isDirectory(dataDir.resolve("db")) || !Files.isDirectory(dataDir.resolve("journal"))) {
            throw new ApplianceException("The data directory " + dataDir + " holds no node data (no db and journal"
                    + " directories).");
        }
        if (Files.exists(dataDir.resolve(LocalAccess.FILE))) {
            throw new ApplianceException("A node seems to run on " + dataDir + " (" + LocalAccess.FILE + " is there)"
                    + " but could not be reached; if it was killed, start and stop it once, or delete that file.");
        }
        DataDirectory directory = DataDirectory.open(dataDir, dataKey);
        Database database;
        try {
            database = Database.open(dataDir.resolve("db"), 2, directory.key().map(DataKey::databaseFilePassword));
        } catch (ApplianceException e) {
            // H2 leaves a trace file of the failed open, made with this process's default mode.
            PrivateFiles.narrowTree(dataDir.resolve("db"));
            if (String.valueOf(e.getMessage()).contains("already in use")) {
                throw new ApplianceException("The database in " + dataDir + " is in use: a node is starting or running on"
                        + " it. Wait until it is ready (a running node is backed up online), or stop it.", e);
            }
            throw e;
        }
        try {
            Journal journal = Journal.open(dataDir.resolve("journal"),
                    directory.key().map(key -> PayloadSealer.aesGcm(key.journalKey())));
            String clinic = meta(database, "clinic_id");
            String node = meta(database, "node_id");
            return new StoppedNode(dataDir, directory, database, journal, new NodeIdentity(clinic, node));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Replays what the journal holds beyond the database (as a start would), then writes a snapshot to {@code out}. */
    public JsonObject snapshot(String country, OutputStream out) {
        Recovery.replay(journal, ClinicProjection.create(country), database.client(), new HybridLogicalClock(Clock.systemUTC()));
        return NodeSnapshot.write(database, journal, identity, directory.key(), Optional.empty(), out);
    }

    /** The journal's last index on disk. */
    public long journalIndex() {
        return journal.durableIndex();
    }

    /** The journal index the database says it has applied up to. */
    public long databaseJournalIndex() {
        return database.client().execute().get("SELECT journal_index FROM journal_position WHERE id = 1")
                .map(row -> Rows.number(row, "journal_index")).orElse(0L);
    }

    public NodeIdentity identity() {
        return identity;
    }

    private static String meta(Database database, String name) {
        return database.client().execute().get("SELECT meta_value FROM node_meta WHERE meta_name = ?", name)
                .map(row -> row.column("meta_value").get(String.class))
                .orElseThrow(() -> new ApplianceException("The database has no " + name + "; it never ran as a node."));
    }

    @Override
    public void close() {
        journal.close();
        database.close();
    }
}
