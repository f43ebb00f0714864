package io.clinicnode.appliance.cluster;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbRow;

/**
 * A digest of the replicated projection, so that nodes can tell at a glance whether they hold identical data
 * (G3): SHA-256 over every row of the tables the journal's events produce — users (with their password hashes,
 * which are event data too), patients, practitioners and their hours, appointments, waiting-room entries and the
 * audit trail — read table by table in a fixed order, rows by primary key, columns by name. Node-local tables
 * ({@code user_session}, {@code node_meta}, {@code journal_position}), the per-origin progress (reported beside
 * the checksum as the journal position) and the search index {@code patient_name_token} (derived from
 * {@code patient}) are left out. Each value is canonicalised (dates, times and timestamps as ISO text, NULL as
 * its own marker) and length-prefixed, so different rows never digest alike by concatenation.
 *
 * <p>One pass over the data costs about as much as reading it; the result is cached keyed by the applied position
 * (the per-origin high-water marks), so asking again without a write in between is one small query.
 *
 * <p>Thread-safe: computations are serialised; the cached snapshot is immutable.
 */
public final class DataChecksum {
    /** Table and the order its rows are read in; the fixed order is part of the checksum's definition. */
    private static final Map<String, String> TABLES = tables();

    private final DbClient db;
    private Snapshot cached;

    public DataChecksum(DbClient db) {
        this.db = db;
    }

    /**
     * The data's checksum and the position it was computed at.
     *
     * @param journal  highest sequence applied per origin node
     * @param checksum SHA-256 of the replicated rows, lower-case hex
     */
    public record Snapshot(Map<String, Long> journal, String checksum) {
        public Snapshot {
            journal = Collections.unmodifiableMap(new LinkedHashMap<>(journal));
        }
    }

    /** The checksum of the data as it is now; computed again only when events were applied since the last call. */
    public synchronized Snapshot current() {
        Map<String, Long> position = position();
        if (cached != null && cached.journal().equals(position)) {
            return cached;
        }
        // The writer may commit while we read: keep the digest only if the position did not move meanwhile.
        for (int attempt = 0; ; attempt++) {
            String checksum = digest();
            Map<String, Long> after = position();
            if (after.equals(position) || attempt == 4) {
                cached = new Snapshot(after, checksum);
                return cached;
            }
            position = after;
        }
    }

    private Map<String, Long> position() {
        Map<String, Long> position = new LinkedHashMap<>();
        db.execute().query("SELECT origin, last_seq FROM origin_progress ORDER BY origin")
                .forEach(row -> position.put(Rows.text(row, "origin"), Rows.number(row, "last_seq")));
        return position;
    }

    private String digest() {
        MessageDigest sha = sha256();
        TABLES.forEach((table, order) -> {
            update(sha, "table:" + table);
            db.execute().query("SELECT * FROM " + table + " ORDER BY " + order).forEach(row -> updateRow(sha, row));
        });
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * The same checksum, read through {@code connection} (e.g. inside a transaction that sees one snapshot of the data:
     * a backup's). Rows and values are digested exactly as {@link #current} digests them.
     */
    public static String of(java.sql.Connection connection) throws java.sql.SQLException {
        MessageDigest sha = sha256();
        for (Map.Entry<String, String> table : TABLES.entrySet()) {
            update(sha, "table:" + table.getKey());
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet rows = statement.executeQuery("SELECT * FROM " + table.getKey() + " ORDER BY "
                         + table.getValue())) {
                java.sql.ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    Map<String, Object> columns = new TreeMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), rows.getObject(i));
                    }
                    updateColumns(sha, columns);
                }
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void updateRow(MessageDigest sha, DbRow row) {
        Map<String, Object> columns = new TreeMap<>();
        row.forEach(column -> columns.put(column.name().toLowerCase(Locale.ROOT), column.get(Object.class)));
        updateColumns(sha, columns);
    }

    private static void updateColumns(MessageDigest sha, Map<String, Object> columns) {
        sha.update((byte) 'R');
        columns.forEach((name, value) -> {
            update(sha, name);
            String canonical = canonical(value);
            if (canonical == null) {
                sha.update((byte) 0);
            } else {
                sha.update((byte) 1);
                update(sha, canonical);
            }
        });
    }

    private static String canonical(Object value) {
        return switch (value) {
            case null -> null;
            case Timestamp timestamp -> timestamp.toLocalDateTime().toString();
            case Date date -> date.toLocalDate().toString();
            case Time time -> time.toLocalTime().toString();
            default -> value.toString();
        };
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (List<String> table : List.of(
                List.of("app_user", "username"),
                List.of("patient", "id"),
                List.of("practitioner", "id"),
                List.of("practitioner_hours", "practitioner_id, day_of_week, start_time, end_time"),
                List.of("appointment", "id"),
                List.of("waiting_entry", "id"),
                List.of("practitioner_room", "practitioner_id"),
                List.of("display_token", "id"),
                List.of("audit_entry", "id"))) {
            tables.put(table.get(0), table.get(1));
        }
        return Collections.unmodifiableMap(tables);
    }
}
