package io.clinicnode.sync.agent;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.journal.HybridLogicalClock;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;
import static io.clinicnode.sync.agent.UpsertTable.Column;
import static io.clinicnode.sync.agent.UpsertTable.Merge.EARLIEST;
import static io.clinicnode.sync.agent.UpsertTable.Merge.FIRST;
import static io.clinicnode.sync.agent.UpsertTable.Merge.KEY;
import static io.clinicnode.sync.agent.UpsertTable.Merge.LATEST;
import static io.clinicnode.sync.agent.UpsertTable.Merge.NEWER;
import static io.clinicnode.sync.agent.UpsertTable.Merge.NEWER_IF_SET;
import static io.clinicnode.sync.agent.UpsertTable.Merge.VERSION;

/**
 * The central rows of one batch of events: every event raw, plus the current rows, audit entries and conflicts
 * derived from their payloads (docs/ARCHITECTURE.md, "Central PostgreSQL"), written with one multi-row statement
 * per table. Types this build does not know are stored raw only, so newer nodes' events still sync.
 *
 * <p>Not thread-safe: one per batch.
 */
final class EventRows {
    static final UpsertTable PATIENT = new UpsertTable("patient", List.of(
            Column.of("id", "text", KEY, null),
            Column.of("full_name", "text", NEWER, "version"),
            Column.of("birth_date", "text", NEWER, "version").withValue("u.birth_date::date"),
            Column.of("document", "text", NEWER, "version"),
            Column.of("phone", "text", NEWER, "version"),
            Column.of("email", "text", NEWER, "version"),
            Column.of("data", "text", NEWER, "version").withValue("u.data::jsonb"),
            Column.millis("created_at", EARLIEST, null),
            Column.millis("updated_at", LATEST, null),
            Column.of("version_hlc", "bigint", VERSION, "version"),
            Column.of("version_origin", "text", VERSION, "version")));
    static final UpsertTable PRACTITIONER = new UpsertTable("practitioner", List.of(
            Column.of("id", "text", KEY, null),
            Column.of("full_name", "text", NEWER, "version"),
            Column.of("specialty", "text", NEWER, "version"),
            Column.of("active", "boolean", NEWER_IF_SET, "version"),
            Column.of("working_hours", "text", NEWER, "version").withValue("u.working_hours::jsonb"),
            Column.millis("created_at", EARLIEST, null),
            Column.millis("updated_at", LATEST, null),
            Column.of("version_hlc", "bigint", VERSION, "version"),
            Column.of("version_origin", "text", VERSION, "version")));
    static final UpsertTable APPOINTMENT = new UpsertTable("appointment", List.of(
            Column.of("id", "text", KEY, null),
            Column.of("patient_id", "text", FIRST, null),
            Column.of("practitioner_id", "text", FIRST, null),
            Column.of("notes", "text", FIRST, null),
            Column.of("start_at", "text", NEWER_IF_SET, "time").withValue("u.start_at::timestamp"),
            Column.of("duration_minutes", "integer", NEWER_IF_SET, "time"),
            Column.of("status", "text", NEWER_IF_SET, "status"),
            Column.millis("created_at", EARLIEST, null),
            Column.millis("updated_at", LATEST, null),
            Column.of("time_hlc", "bigint", VERSION, "time"),
            Column.of("time_origin", "text", VERSION, "time"),
            Column.of("status_hlc", "bigint", VERSION, "status"),
            Column.of("status_origin", "text", VERSION, "status")));
    static final UpsertTable CHECKIN = new UpsertTable("checkin", List.of(
            Column.of("id", "text", KEY, null),
            Column.of("appointment_id", "text", FIRST, null),
            // A walk-in (no appointment) names its patient itself.
            Column.of("patient_id", "text", FIRST, null).withValue("COALESCE(u.patient_id, (SELECT a.patient_id FROM appointment a"
                    + " WHERE a.clinic_id = k.clinic_id AND a.id = u.appointment_id))"),
            Column.of("status", "text", NEWER_IF_SET, "status"),
            Column.millis("checked_in_at", EARLIEST, null),
            Column.millis("called_at", EARLIEST, null),
            Column.millis("started_at", EARLIEST, null),
            Column.millis("done_at", EARLIEST, null),
            Column.of("status_hlc", "bigint", VERSION, "status"),
            Column.of("status_origin", "text", VERSION, "status")));

    private static final String INSERT_EVENTS = "INSERT INTO sync_event (clinic_id, origin, origin_seq, hlc, event_at, type,"
            + " key, actor, payload) SELECT ?, u.origin, u.seq, u.hlc, to_timestamp(u.at / 1000.0), u.type, u.key, u.actor,"
            + " u.payload::jsonb FROM unnest(?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[]) AS u(origin, seq, hlc, at, type, key, actor, payload)";
    private static final String COMPLETE_APPOINTMENTS = "UPDATE appointment a SET status = 'COMPLETED', status_hlc = u.hlc,"
            + " status_origin = u.origin, updated_at = GREATEST(a.updated_at, to_timestamp(u.at / 1000.0))"
            + " FROM (SELECT ?::text AS clinic_id) k, unnest(?::text[], ?::bigint[], ?::text[], ?::bigint[]) AS u(checkin_id, hlc,"
            + " origin, at), checkin w WHERE w.clinic_id = k.clinic_id AND w.id = u.checkin_id AND a.clinic_id = k.clinic_id"
            + " AND a.id = w.appointment_id AND (u.hlc, u.origin) > (COALESCE(a.status_hlc, -1), COALESCE(a.status_origin, ''))";
    private static final String INSERT_AUDIT = "INSERT INTO audit (clinic_id, id, occurred_at, username, action, entity,"
            + " entity_id, patient_id, node) SELECT k.clinic_id, u.id, to_timestamp(u.at / 1000.0), u.username, u.action,"
            + " u.entity, u.entity_id, COALESCE(u.patient_id,"
            + " (SELECT a.patient_id FROM appointment a WHERE a.clinic_id = k.clinic_id AND a.id = u.appointment_ref),"
            + " (SELECT w.patient_id FROM checkin w WHERE w.clinic_id = k.clinic_id AND w.id = u.checkin_ref)), u.node"
            + " FROM (SELECT ?::text AS clinic_id) k, unnest(?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[], ?::text[], ?::text[], ?::text[]) AS u(id, at, username, action, entity, entity_id, patient_id,"
            + " appointment_ref, checkin_ref, node)";
    private static final String INSERT_CONFLICTS = "INSERT INTO conflict (clinic_id, id, kind, key, detail, reported_at)"
            + " SELECT ?, u.id, u.kind, u.key, u.detail::jsonb, to_timestamp(u.at / 1000.0)"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[]) AS u(id, kind, key, detail, at)"
            // One row per conflict: both sides of a partition may have reported one conflict (same id).
            + " ON CONFLICT (clinic_id, id) DO NOTHING";

    private final List<Object[]> events = new ArrayList<>();
    private final UpsertTable.Rows patients = PATIENT.rows();
    private final UpsertTable.Rows practitioners = PRACTITIONER.rows();
    private final UpsertTable.Rows appointments = APPOINTMENT.rows();
    private final UpsertTable.Rows checkins = CHECKIN.rows();
    private final List<Object[]> completions = new ArrayList<>();
    private final List<Object[]> audits = new ArrayList<>();
    private final List<Object[]> conflicts = new ArrayList<>();

    /**
     * Adds an event's rows.
     *
     * @throws BadEventException when its payload is not what its type promises (it goes to the dead letters after retries)
     */
    void add(Event event) {
        long at = HybridLogicalClock.physicalMillis(event.hlc());
        JsonObject payload = parse(event);
        String origin = event.origin();
        long hlc = event.hlc();
        try {
            switch (event.type()) {
                case "patient.registered", "patient.updated" -> {
                    boolean created = event.type().equals("patient.registered");
                    patients.add(event.key(), payload.getString("fullName"), text(payload, "birthDate"), text(payload, "document"),
                            text(payload, "phone"), text(payload, "email"), event.payload(), created ? at : null, at, hlc, origin);
                    audit(event, at, created ? "CREATE" : "UPDATE", "patient", event.key(), null, null);
                }
                case "patient.viewed" -> audit(event, at, "VIEW", "patient", event.key(), null, null);
                case "practitioner.registered", "practitioner.updated" -> {
                    boolean created = event.type().equals("practitioner.registered");
                    Boolean active = payload.containsKey("active") ? payload.getBoolean("active") : created ? Boolean.TRUE : null;
                    JsonValue hours = payload.get("workingHours");
                    practitioners.add(event.key(), payload.getString("fullName"), text(payload, "specialty"), active,
                            hours == null ? null : hours.toString(), created ? at : null, at, hlc, origin);
                }
                case "appointment.booked" -> {
                    appointments.add(event.key(), payload.getString("patientId"), payload.getString("practitionerId"),
                            text(payload, "notes"), payload.getString("start"), payload.getInt("durationMinutes"), "BOOKED",
                            at, at, hlc, origin, hlc, origin);
                    audit(event, at, "BOOK", "appointment", payload.getString("patientId"), null, null);
                }
                case "appointment.moved" -> {
                    Integer duration = payload.containsKey("durationMinutes") ? payload.getInt("durationMinutes") : null;
                    appointments.add(event.key(), null, null, null, text(payload, "start"), duration, null,
                            null, at, hlc, origin, null, null);
                    audit(event, at, "MOVE", "appointment", null, event.key(), null);
                }
                case "appointment.cancelled", "appointment.no-show" -> {
                    boolean cancelled = event.type().equals("appointment.cancelled");
                    appointments.add(event.key(), null, null, null, null, null, cancelled ? "CANCELLED" : "NO_SHOW",
                            null, at, null, null, hlc, origin);
                    audit(event, at, cancelled ? "CANCEL" : "NO_SHOW", "appointment", null, event.key(), null);
                }
                case "appointment.confirmed", "appointment.unconfirmed" -> {
                    // The channel stays in the raw event (sync_event); the row carries the status the desk's list shows.
                    boolean confirmed = event.type().equals("appointment.confirmed");
                    appointments.add(event.key(), null, null, null, null, null, confirmed ? "CONFIRMED" : "BOOKED",
                            null, at, null, null, hlc, origin);
                    audit(event, at, confirmed ? "CONFIRM" : "UNCONFIRM", "appointment", null, event.key(), null);
                }
                case "checkin.recorded" -> {
                    String appointmentId = payload.getString("appointmentId");
                    appointments.add(appointmentId, null, null, null, null, null, "CHECKED_IN", null, at, null, null, hlc, origin);
                    checkins.add(event.key(), appointmentId, null, "WAITING", at, null, null, null, hlc, origin);
                    audit(event, at, "CHECK_IN", "checkin", null, appointmentId, null);
                }
                case "appointment.reopened" -> {
                    appointments.add(event.key(), null, null, null, null, null, "BOOKED", null, at, null, null, hlc, origin);
                    audit(event, at, "UNDO", "appointment", null, event.key(), null);
                }
                case "checkin.walk-in" -> {
                    checkins.add(event.key(), null, payload.getString("patientId"), "WAITING", at, null, null, null, hlc, origin);
                    audit(event, at, "CHECK_IN", "checkin", payload.getString("patientId"), null, null);
                }
                case "checkin.undone" -> {
                    String appointmentId = text(payload, "appointmentId");
                    if (appointmentId != null) {
                        appointments.add(appointmentId, null, null, null, null, null, "BOOKED", null, at, null, null, hlc, origin);
                    }
                    checkins.add(event.key(), null, null, "UNDONE", null, null, null, null, hlc, origin);
                    audit(event, at, "UNDO_CHECK_IN", "checkin", null, null, event.key());
                }
                case "waiting.status-changed" -> {
                    String status = payload.getString("status");
                    // WAITING (a mistaken call sent back), NO_ANSWER and LEFT (issue 11) set the status only.
                    int rank = List.of("WAITING", "CALLED", "IN_CONSULTATION", "DONE").indexOf(status);
                    if (rank < 0 && !List.of("NO_ANSWER", "LEFT").contains(status)) {
                        throw new BadEventException("status '" + status + "' is not a waiting-room status");
                    }
                    checkins.add(event.key(), null, null, status, null, rank >= 1 ? at : null, rank >= 2 ? at : null,
                            rank >= 3 ? at : null, hlc, origin);
                    if (rank == 3) {
                        completions.add(new Object[] {event.key(), hlc, origin, at});
                    }
                    audit(event, at, status, "checkin", null, null, event.key());
                }
                default -> {
                    if (event.type().startsWith("conflict.")) {
                        // The event's key is the conflict's id, the same whichever node reported it; the payload
                        // names the record concerned.
                        String recordKey = text(payload, "key");
                        conflicts.add(new Object[] {event.key(), event.type().substring("conflict.".length()),
                                recordKey == null ? event.key() : recordKey, event.payload(), at});
                    }
                }
            }
        } catch (ClassCastException | NullPointerException | JsonException | IllegalArgumentException e) {
            throw new BadEventException("its payload does not fit type " + event.type() + ": " + e.getMessage(), e);
        }
        events.add(new Object[] {origin, event.originSeq(), hlc, at, event.type(), event.key(), event.actor(),
                event.type().startsWith("user.") || event.type().startsWith("display.") ? withoutPasswordHash(payload)
                        : event.payload()});
    }

    private static JsonObject parse(Event event) {
        try {
            return JSON.createReader(new StringReader(event.payload())).readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new BadEventException("its payload is not a JSON object: " + e.getMessage(), e);
        }
    }

    private static String text(JsonObject payload, String name) {
        JsonValue value = payload.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? null
                : value instanceof jakarta.json.JsonString string ? string.getString() : value.toString();
    }

    /** Central has no use for password hashes nor the call panel's token hashes; they stay in the clinic. */
    private static String withoutPasswordHash(JsonObject payload) {
        if (!payload.containsKey("passwordHash") && !payload.containsKey("tokenHash")) {
            return payload.toString();
        }
        JsonObjectBuilder copy = JSON.createObjectBuilder(payload);
        copy.remove("passwordHash");
        copy.remove("tokenHash");
        return copy.build().toString();
    }

    private void audit(Event event, long at, String action, String entity, String patientId, String appointmentRef,
                       String checkinRef) {
        audits.add(new Object[] {event.origin() + ":" + event.originSeq(), at, event.actor(), action, entity, event.key(),
                patientId, appointmentRef, checkinRef, event.origin()});
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    /**
     * Writes every row in the order their lookups need: appointments before the check-ins that copy their patient,
     * check-ins before the completions and audit entries that find theirs.
     */
    void write(Connection connection, String clinicId) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        insert(connection, INSERT_EVENTS, clinicId, events, "text", "bigint", "bigint", "bigint", "text", "text", "text", "text");
        patients.write(connection, clinicId);
        practitioners.write(connection, clinicId);
        appointments.write(connection, clinicId);
        checkins.write(connection, clinicId);
        insert(connection, COMPLETE_APPOINTMENTS, clinicId, completions, "text", "bigint", "text", "bigint");
        insert(connection, INSERT_AUDIT, clinicId, audits, "text", "bigint", "text", "text", "text", "text", "text", "text",
                "text", "text");
        insert(connection, INSERT_CONFLICTS, clinicId, conflicts, "text", "text", "text", "text", "bigint");
    }

    private static void insert(Connection connection, String sql, String clinicId, List<Object[]> rows, String... types)
            throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, clinicId);
            for (int column = 0; column < types.length; column++) {
                statement.setArray(column + 2, connection.createArrayOf(types[column],
                        UpsertTable.values(rows, column, types[column])));
            }
            statement.executeUpdate();
        }
    }

    static String describe(Event event) {
        return String.format(Locale.ROOT, "%s:%d (%s %s)", event.origin(), event.originSeq(), event.type(), event.key());
    }
}
