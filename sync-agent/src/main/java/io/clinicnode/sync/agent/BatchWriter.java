package io.clinicnode.sync.agent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.Journal;

/**
 * Writes one batch of journal entries to central in one transaction: it locks the clinic's row (one batch of a
 * clinic at a time, whichever node sends it), reads the per-origin marks, skips every event at or below its
 * origin's mark, writes the rest with their derived rows, and moves the marks, then commits. A resend of any batch
 * after a crash, timeout or leader change therefore stores nothing twice (G7), and events of an origin are stored
 * in that origin's order with no gap.
 *
 * <p>Stateless apart from its clinic id, so thread-safe; connections are the caller's.
 */
final class BatchWriter {
    private static final String LOCK_CLINIC = "UPDATE clinic SET last_contact_at = now() WHERE clinic_id = ?";
    private static final String READ_MARKS = "SELECT origin, last_seq, last_hlc FROM sync_mark WHERE clinic_id = ?";
    private static final String WRITE_MARKS = "INSERT INTO sync_mark (clinic_id, origin, last_seq, last_hlc, updated_at)"
            + " SELECT ?, u.origin, u.seq, u.hlc, now() FROM unnest(?::text[], ?::bigint[], ?::bigint[]) AS u(origin, seq, hlc)"
            + " ON CONFLICT (clinic_id, origin) DO UPDATE SET last_seq = EXCLUDED.last_seq, last_hlc = EXCLUDED.last_hlc,"
            + " updated_at = now()";
    private static final String WRITE_HEARTBEATS = "INSERT INTO node_heartbeat (clinic_id, node_id, version, leader,"
            + " journal_bytes, backlog_events, backlog_seconds, last_error, error_open, reported_at) SELECT ?, u.node_id,"
            + " u.version, u.leader, u.journal_bytes, u.backlog_events, u.backlog_seconds, u.last_error, u.error_open, now()"
            + " FROM unnest(?::text[], ?::text[], ?::boolean[], ?::bigint[], ?::bigint[], ?::float8[], ?::text[], ?::boolean[])"
            + " AS u(node_id, version, leader, journal_bytes, backlog_events, backlog_seconds, last_error, error_open)"
            + " ON CONFLICT (clinic_id, node_id) DO UPDATE SET"
            + " version = COALESCE(EXCLUDED.version, node_heartbeat.version), leader = EXCLUDED.leader,"
            + " journal_bytes = COALESCE(EXCLUDED.journal_bytes, node_heartbeat.journal_bytes),"
            + " backlog_events = EXCLUDED.backlog_events, backlog_seconds = EXCLUDED.backlog_seconds,"
            + " last_error = EXCLUDED.last_error, error_open = EXCLUDED.error_open, reported_at = now()";
    private static final String WRITE_LAG = "INSERT INTO sync_lag_minute (clinic_id, minute, lag_p99_ms, lag_max_ms,"
            + " events_shipped, backlog_events_max) VALUES (?, to_timestamp(? / 1000.0), ?, ?, ?, ?)"
            + " ON CONFLICT (clinic_id, minute) DO UPDATE SET lag_p99_ms = GREATEST(sync_lag_minute.lag_p99_ms, EXCLUDED.lag_p99_ms),"
            + " lag_max_ms = GREATEST(sync_lag_minute.lag_max_ms, EXCLUDED.lag_max_ms),"
            + " events_shipped = sync_lag_minute.events_shipped + EXCLUDED.events_shipped,"
            + " backlog_events_max = GREATEST(sync_lag_minute.backlog_events_max, EXCLUDED.backlog_events_max)";
    private static final String PARK = "INSERT INTO dead_letter (clinic_id, origin, origin_seq, hlc, type, key, payload, error,"
            + " attempts, first_attempt_at, last_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())"
            + " ON CONFLICT (clinic_id, origin, origin_seq) DO UPDATE SET error = EXCLUDED.error, attempts = EXCLUDED.attempts,"
            + " last_attempt_at = now()";

    /** An origin's high-water mark at central. */
    record Mark(long seq, long hlc) {
    }

    /**
     * A node's heartbeat row. Null fields are unknown (another member's journal, say) and keep the stored value.
     * {@code lastError} is history (with its time); {@code errorOpen} says whether it still holds: from the failure
     * until the backlog it left behind is shipped.
     */
    record Heartbeat(String nodeId, String version, boolean leader, Long journalBytes, long backlogEvents,
                     double backlogSeconds, String lastError, boolean errorOpen) {
    }

    /** The current minute's lag figures, merged into its row. */
    record LagMinute(long minuteMillis, double p99Millis, double maxMillis, long shipped, long backlogEvents) {
    }

    /**
     * What a batch did.
     *
     * @param shipped        events stored now
     * @param skipped        events central had already (at or below their origin's mark)
     * @param lastIndex      journal index of the last entry handled (shipped or skipped); entries after it wait
     * @param gap            the event after a gap in its origin's sequence that stopped the batch, or null
     * @param marks          central's marks after the commit
     */
    record Result(List<Event> shipped, int skipped, long lastIndex, Event gap, Map<String, Mark> marks) {
    }

    private final String clinicId;

    BatchWriter(String clinicId) {
        this.clinicId = clinicId;
    }

    /**
     * Writes {@code batch} (journal order) with the heartbeats and lag figures, in one transaction.
     *
     * @throws BadEventException when an event's payload cannot become rows (nothing was committed)
     * @throws SQLException      when central refuses or cannot be reached (nothing was committed)
     */
    Result write(Connection connection, List<Journal.Entry> batch, List<Heartbeat> heartbeats, LagMinute lag)
            throws SQLException {
        try {
            lockClinic(connection);
            Map<String, Mark> marks = readMarks(connection);
            Map<String, Mark> moved = new LinkedHashMap<>();
            EventRows rows = new EventRows();
            List<Event> shipped = new ArrayList<>();
            int skipped = 0;
            long lastIndex = -1;
            Event gap = null;
            for (Journal.Entry entry : batch) {
                Event event = entry.event();
                Mark mark = moved.getOrDefault(event.origin(), marks.getOrDefault(event.origin(), new Mark(0, 0)));
                if (event.originSeq() <= mark.seq()) {
                    skipped++;
                } else if (event.originSeq() == mark.seq() + 1) {
                    rows.add(event);
                    shipped.add(event);
                    moved.put(event.origin(), new Mark(event.originSeq(), event.hlc()));
                } else {
                    gap = event;
                    break;
                }
                lastIndex = entry.index();
            }
            rows.write(connection, clinicId);
            writeMarks(connection, moved);
            writeHeartbeats(connection, heartbeats);
            if (lag != null) {
                writeLag(connection, lag);
            }
            connection.commit();
            Map<String, Mark> after = new HashMap<>(marks);
            after.putAll(moved);
            return new Result(shipped, skipped, lastIndex, gap, after);
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /**
     * Parks {@code event} in the dead letters with its error and moves its origin's mark past it, so that the
     * events after it are not blocked. Does nothing if central has it already.
     */
    void park(Connection connection, Event event, String error, int attempts, Instant firstAttempt) throws SQLException {
        try {
            lockClinic(connection);
            Mark mark = readMarks(connection).getOrDefault(event.origin(), new Mark(0, 0));
            if (event.originSeq() == mark.seq() + 1) {
                try (PreparedStatement statement = connection.prepareStatement(PARK)) {
                    statement.setString(1, clinicId);
                    statement.setString(2, event.origin());
                    statement.setLong(3, event.originSeq());
                    statement.setLong(4, event.hlc());
                    statement.setString(5, event.type());
                    statement.setString(6, event.key());
                    // A NUL cannot be stored in PostgreSQL text; it is the usual reason an event lands here.
                    statement.setString(7, event.payload().replace('\u0000', '\uFFFD'));
                    statement.setString(8, error.replace('\u0000', '\uFFFD'));
                    statement.setInt(9, attempts);
                    statement.setObject(10, java.sql.Timestamp.from(firstAttempt));
                    statement.executeUpdate();
                }
                writeMarks(connection, Map.of(event.origin(), new Mark(event.originSeq(), event.hlc())));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /** Sends heartbeats alone (when there is nothing to ship). */
    void heartbeat(Connection connection, List<Heartbeat> heartbeats) throws SQLException {
        try {
            lockClinic(connection);
            writeHeartbeats(connection, heartbeats);
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    /** Central's marks for this clinic, outside any batch. */
    Map<String, Mark> marks(Connection connection) throws SQLException {
        try {
            Map<String, Mark> marks = readMarks(connection);
            connection.commit();
            return marks;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection);
            throw e;
        }
    }

    private void lockClinic(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(LOCK_CLINIC)) {
            statement.setString(1, clinicId);
            if (statement.executeUpdate() != 1) {
                throw new SQLException("Clinic '" + clinicId + "' is not registered at central for this login; run"
                        + " `clinicnode central-add-clinic " + clinicId + "` there and use its credentials", "28000");
            }
        }
    }

    private Map<String, Mark> readMarks(Connection connection) throws SQLException {
        Map<String, Mark> marks = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(READ_MARKS)) {
            statement.setString(1, clinicId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    marks.put(rows.getString(1), new Mark(rows.getLong(2), rows.getLong(3)));
                }
            }
        }
        return marks;
    }

    private void writeMarks(Connection connection, Map<String, Mark> marks) throws SQLException {
        if (marks.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        marks.forEach((origin, mark) -> rows.add(new Object[] {origin, mark.seq(), mark.hlc()}));
        try (PreparedStatement statement = connection.prepareStatement(WRITE_MARKS)) {
            statement.setString(1, clinicId);
            statement.setArray(2, connection.createArrayOf("text", UpsertTable.values(rows, 0, "text")));
            statement.setArray(3, connection.createArrayOf("bigint", UpsertTable.values(rows, 1, "bigint")));
            statement.setArray(4, connection.createArrayOf("bigint", UpsertTable.values(rows, 2, "bigint")));
            statement.executeUpdate();
        }
    }

    private void writeHeartbeats(Connection connection, List<Heartbeat> heartbeats) throws SQLException {
        if (heartbeats.isEmpty()) {
            return;
        }
        List<Object[]> rows = heartbeats.stream().map(beat -> new Object[] {beat.nodeId(), beat.version(), beat.leader(),
                beat.journalBytes(), beat.backlogEvents(), beat.backlogSeconds(), beat.lastError(), beat.errorOpen()}).toList();
        String[] types = {"text", "text", "boolean", "bigint", "bigint", "float8", "text", "boolean"};
        try (PreparedStatement statement = connection.prepareStatement(WRITE_HEARTBEATS)) {
            statement.setString(1, clinicId);
            for (int column = 0; column < types.length; column++) {
                Object[] values = column == 5 ? rows.stream().map(row -> (Double) row[5]).toArray(Double[]::new)
                        : UpsertTable.values(rows, column, types[column]);
                statement.setArray(column + 2, connection.createArrayOf(types[column], values));
            }
            statement.executeUpdate();
        }
    }

    private void writeLag(Connection connection, LagMinute lag) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(WRITE_LAG)) {
            statement.setString(1, clinicId);
            statement.setLong(2, lag.minuteMillis());
            statement.setDouble(3, lag.p99Millis());
            statement.setDouble(4, lag.maxMillis());
            statement.setLong(5, lag.shipped());
            statement.setLong(6, lag.backlogEvents());
            statement.executeUpdate();
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
            // the connection is broken or the transaction already ended; the caller reports the first error
        }
    }
}
