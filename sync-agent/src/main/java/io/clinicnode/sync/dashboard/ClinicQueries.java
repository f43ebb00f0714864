package io.clinicnode.sync.dashboard;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What the dashboard shows, read from central: every clinic's sync state (the list) and one clinic's nodes, lag,
 * throughput, dead letters and conflicts (its page). Times are central's ({@code now()} of the same query), so a
 * dashboard host with a wrong clock still flags the right clinics.
 *
 * <p>Thread-safe (stateless apart from the pool).
 */
final class ClinicQueries {
    /**
     * Nodes whose heartbeat is this close to the clinic's latest one are its current members: the leader reports
     * every member with each batch and every 15 s when idle, so a node missing three rounds has left.
     */
    static final Duration CURRENT_NODE_WINDOW = Duration.ofSeconds(45);
    /** The lag chart's resolution: 288 points for 24 h. */
    static final Duration LAG_BUCKET = Duration.ofMinutes(5);
    private static final int LIST_LIMIT = 50;

    private static final String CLINICS = """
            SELECT c.clinic_id, c.name, c.last_contact_at, EXTRACT(EPOCH FROM now() - c.last_contact_at) AS since_contact,
                   n.nodes, n.versions, l.node_id AS leader, l.backlog_events, l.backlog_seconds, l.last_error, l.error_open,
                   d.dead_letters, d.dead_letters_24h, k.conflicts_24h
            FROM clinic c
            LEFT JOIN LATERAL (
                SELECT count(*) AS nodes,
                       array_remove(array_agg(DISTINCT h.version ORDER BY h.version), NULL) AS versions
                FROM node_heartbeat h
                WHERE h.clinic_id = c.clinic_id
                  AND h.reported_at >= (SELECT max(m.reported_at) FROM node_heartbeat m WHERE m.clinic_id = c.clinic_id)
                                       - make_interval(secs => ?)
            ) n ON true
            LEFT JOIN LATERAL (
                SELECT h.node_id, h.backlog_events, h.backlog_seconds, h.last_error, h.error_open
                FROM node_heartbeat h
                WHERE h.clinic_id = c.clinic_id AND h.leader
                ORDER BY h.reported_at DESC
                LIMIT 1
            ) l ON true
            LEFT JOIN LATERAL (
                SELECT count(*) AS dead_letters,
                       count(*) FILTER (WHERE d.last_attempt_at > now() - interval '24 hours') AS dead_letters_24h
                FROM dead_letter d
                WHERE d.clinic_id = c.clinic_id
            ) d ON true
            LEFT JOIN LATERAL (
                SELECT count(*) AS conflicts_24h
                FROM conflict k
                WHERE k.clinic_id = c.clinic_id AND k.reported_at > now() - interval '24 hours'
            ) k ON true
            """;
    private static final String ONE_CLINIC = CLINICS + " WHERE c.clinic_id = ?";
    private static final String NODES = """
            SELECT h.node_id, h.version, h.leader, h.journal_bytes, h.backlog_events, h.backlog_seconds, h.last_error,
                   h.reported_at, EXTRACT(EPOCH FROM now() - h.reported_at) AS since_report,
                   h.reported_at >= max(h.reported_at) OVER () - make_interval(secs => ?) AS current
            FROM node_heartbeat h
            WHERE h.clinic_id = ?
            ORDER BY h.leader DESC, h.node_id
            """;
    private static final String LAG = """
            SELECT date_bin(make_interval(secs => ?), minute, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS bucket,
                   max(lag_p99_ms) AS p99, max(lag_max_ms) AS worst, sum(events_shipped) AS events,
                   max(backlog_events_max) AS backlog
            FROM sync_lag_minute
            WHERE clinic_id = ? AND minute > now() - interval '24 hours'
            GROUP BY 1
            ORDER BY 1
            """;
    private static final String THROUGHPUT = """
            SELECT now() - interval '24 hours' AS since, now() AS until,
                   coalesce(sum(events_shipped) FILTER (WHERE minute > now() - interval '1 hour'), 0) AS last_hour,
                   coalesce(sum(events_shipped), 0) AS last_day
            FROM sync_lag_minute
            WHERE clinic_id = ? AND minute > now() - interval '24 hours'
            """;
    private static final String DEAD_LETTERS = """
            SELECT origin, origin_seq, type, key, error, attempts, first_attempt_at, last_attempt_at
            FROM dead_letter
            WHERE clinic_id = ?
            ORDER BY last_attempt_at DESC
            LIMIT ?
            """;
    private static final String CONFLICTS = """
            SELECT id, kind, key, detail::text AS detail, reported_at, count(*) OVER () AS total
            FROM conflict
            WHERE clinic_id = ?
            ORDER BY reported_at DESC
            LIMIT ?
            """;

    private final ReadOnlyCentral central;
    private final Duration silentAfter;
    private final Duration behindAfter;

    ClinicQueries(ReadOnlyCentral central, Duration silentAfter, Duration behindAfter) {
        this.central = central;
        this.silentAfter = silentAfter;
        this.behindAfter = behindAfter;
    }

    /** Every clinic's summary, worst first (silent, errors, behind, in sync; then most behind, longest silent). */
    List<ClinicSummary> clinics() {
        return central.read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(CLINICS)) {
                query.setLong(1, CURRENT_NODE_WINDOW.toSeconds());
                return sorted(summaries(query));
            }
        });
    }

    /** One clinic's page, or empty when central has no such clinic. */
    Optional<JsonObject> clinic(String clinicId) {
        return central.read(connection -> {
            ClinicSummary summary;
            try (PreparedStatement query = connection.prepareStatement(ONE_CLINIC)) {
                query.setLong(1, CURRENT_NODE_WINDOW.toSeconds());
                query.setString(2, clinicId);
                List<ClinicSummary> found = summaries(query);
                if (found.isEmpty()) {
                    return Optional.empty();
                }
                summary = found.getFirst();
            }
            return Optional.of(JSON.createObjectBuilder()
                    .add("clinic", summary.toJson())
                    .add("nodes", nodes(connection, clinicId))
                    .add("lag", lag(connection, clinicId))
                    .add("throughput", throughput(connection, clinicId))
                    .add("deadLetters", deadLetters(connection, clinicId, summary.deadLetters()))
                    .add("conflicts", conflicts(connection, clinicId))
                    .build());
        });
    }

    static List<ClinicSummary> sorted(List<ClinicSummary> clinics) {
        List<ClinicSummary> sorted = new ArrayList<>(clinics);
        sorted.sort(Comparator.comparing(ClinicSummary::state)
                .thenComparing(ClinicSummary::secondsBehind, Comparator.reverseOrder())
                .thenComparing(summary -> summary.secondsSinceContact() == null ? Double.MAX_VALUE : summary.secondsSinceContact(),
                        Comparator.reverseOrder())
                .thenComparing(ClinicSummary::name)
                .thenComparing(ClinicSummary::id));
        return sorted;
    }

    private List<ClinicSummary> summaries(PreparedStatement query) throws SQLException {
        List<ClinicSummary> summaries = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                Double sinceContact = nullableDouble(rows, "since_contact");
                double secondsBehind = rows.getDouble("backlog_seconds");
                long deadLetters24h = rows.getLong("dead_letters_24h");
                String lastError = rows.getString("last_error");
                SyncState state = SyncState.of(sinceContact == null ? null : Duration.ofMillis((long) (sinceContact * 1000)),
                        secondsBehind, deadLetters24h, rows.getBoolean("error_open"), silentAfter, behindAfter);
                summaries.add(new ClinicSummary(rows.getString("clinic_id"), rows.getString("name"), state,
                        secondsBehind, rows.getLong("backlog_events"), instant(rows, "last_contact_at"), sinceContact,
                        rows.getInt("nodes"), versions(rows.getArray("versions")), rows.getString("leader"),
                        rows.getLong("dead_letters"), deadLetters24h, rows.getLong("conflicts_24h"), lastError, rows.getBoolean("error_open")));
            }
        }
        return summaries;
    }

    private static JsonArrayBuilder nodes(Connection connection, String clinicId) throws SQLException {
        JsonArrayBuilder nodes = JSON.createArrayBuilder();
        try (PreparedStatement query = connection.prepareStatement(NODES)) {
            query.setLong(1, CURRENT_NODE_WINDOW.toSeconds());
            query.setString(2, clinicId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    JsonObjectBuilder node = JSON.createObjectBuilder()
                            .add("id", rows.getString("node_id"))
                            .add("leader", rows.getBoolean("leader"))
                            .add("current", rows.getBoolean("current"))
                            .add("backlogEvents", rows.getLong("backlog_events"))
                            .add("backlogSeconds", rows.getDouble("backlog_seconds"))
                            .add("reportedAt", instant(rows, "reported_at"))
                            .add("secondsSinceReport", rows.getDouble("since_report"));
                    addNullable(node, "version", rows.getString("version"));
                    long journalBytes = rows.getLong("journal_bytes");
                    if (rows.wasNull()) {
                        node.addNull("journalBytes");
                    } else {
                        node.add("journalBytes", journalBytes);
                    }
                    addNullable(node, "lastError", rows.getString("last_error"));
                    nodes.add(node);
                }
            }
        }
        return nodes;
    }

    private static JsonObjectBuilder lag(Connection connection, String clinicId) throws SQLException {
        JsonArrayBuilder points = JSON.createArrayBuilder();
        try (PreparedStatement query = connection.prepareStatement(LAG)) {
            query.setLong(1, LAG_BUCKET.toSeconds());
            query.setString(2, clinicId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    points.add(JSON.createObjectBuilder()
                            .add("at", instant(rows, "bucket"))
                            .add("p99Ms", rows.getDouble("p99"))
                            .add("maxMs", rows.getDouble("worst"))
                            .add("events", rows.getLong("events"))
                            .add("backlogMax", rows.getLong("backlog")));
                }
            }
        }
        return JSON.createObjectBuilder()
                .add("bucketSeconds", LAG_BUCKET.toSeconds())
                .add("points", points);
    }

    private static JsonObjectBuilder throughput(Connection connection, String clinicId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(THROUGHPUT)) {
            query.setString(1, clinicId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                long lastHour = rows.getLong("last_hour");
                return JSON.createObjectBuilder()
                        .add("since", instant(rows, "since"))
                        .add("until", instant(rows, "until"))
                        .add("eventsLastHour", lastHour)
                        .add("eventsPerMinuteLastHour", Math.round(lastHour / 60.0 * 10) / 10.0)
                        .add("eventsLast24h", rows.getLong("last_day"));
            }
        }
    }

    private static JsonObjectBuilder deadLetters(Connection connection, String clinicId, long total) throws SQLException {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        try (PreparedStatement query = connection.prepareStatement(DEAD_LETTERS)) {
            query.setString(1, clinicId);
            query.setInt(2, LIST_LIMIT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    items.add(JSON.createObjectBuilder()
                            .add("origin", rows.getString("origin"))
                            .add("originSeq", rows.getLong("origin_seq"))
                            .add("type", rows.getString("type"))
                            .add("key", rows.getString("key"))
                            .add("error", rows.getString("error"))
                            .add("attempts", rows.getInt("attempts"))
                            .add("firstAttemptAt", instant(rows, "first_attempt_at"))
                            .add("lastAttemptAt", instant(rows, "last_attempt_at")));
                }
            }
        }
        return JSON.createObjectBuilder().add("total", total).add("items", items);
    }

    private static JsonObjectBuilder conflicts(Connection connection, String clinicId) throws SQLException {
        JsonArrayBuilder items = JSON.createArrayBuilder();
        long total = 0;
        try (PreparedStatement query = connection.prepareStatement(CONFLICTS)) {
            query.setString(1, clinicId);
            query.setInt(2, LIST_LIMIT);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    total = rows.getLong("total");
                    items.add(JSON.createObjectBuilder()
                            .add("id", rows.getString("id"))
                            .add("kind", rows.getString("kind"))
                            .add("key", rows.getString("key"))
                            .add("detail", rows.getString("detail"))
                            .add("reportedAt", instant(rows, "reported_at")));
                }
            }
        }
        return JSON.createObjectBuilder().add("total", total).add("items", items);
    }

    private static List<String> versions(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        try {
            return List.of((String[]) array.getArray());
        } finally {
            array.free();
        }
    }

    private static Double nullableDouble(ResultSet rows, String column) throws SQLException {
        double value = rows.getDouble(column);
        return rows.wasNull() ? null : value;
    }

    private static String instant(ResultSet rows, String column) throws SQLException {
        Timestamp value = rows.getTimestamp(column);
        return value == null ? null : value.toInstant().toString();
    }

    static void addNullable(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
