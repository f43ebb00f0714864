package io.clinicnode.appliance.write;

import java.sql.Connection;
import java.sql.SQLException;

import io.helidon.dbclient.DbClient;

import org.h2.api.Trigger;

/**
 * A real H2 trigger that fails every update of the stored journal position: the write path's durability step then
 * fails after the group's events were appended and synced, as with a database that cannot commit (a full disk).
 * {@link #install} and {@link #remove} turn it on and off on a live database.
 */
public final class RefuseJournalPosition implements Trigger {
    private static final String NAME = "refuse_journal_position";

    public static void install(DbClient db) {
        db.execute().dml("CREATE TRIGGER " + NAME + " BEFORE UPDATE ON journal_position FOR EACH ROW CALL '"
                + RefuseJournalPosition.class.getName() + "'");
    }

    public static void remove(DbClient db) {
        db.execute().dml("DROP TRIGGER " + NAME);
    }

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("No space left on device (refused on purpose by the test)");
    }
}
