package io.clinicnode.appliance.agendablock;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** Reads agenda blocks and holidays from the projection. Thread-safe. */
public final class AgendaBlocks {
    private static final String SELECT = "SELECT b.*, r.full_name AS practitioner_name FROM agenda_block b"
            + " LEFT JOIN practitioner r ON r.id = b.practitioner_id WHERE b.removed = FALSE";

    private final DbClient db;

    public AgendaBlocks(DbClient db) {
        this.db = db;
    }

    /**
     * The first block of the practitioner, or holiday, that overlaps {@code [start, end)}, read inside the caller's
     * transaction (the booking's check and the free-slot search).
     */
    public static Optional<AgendaBlock> covering(DbExecute db, String practitionerId, LocalDateTime start, LocalDateTime end) {
        return db.get("SELECT * FROM agenda_block WHERE removed = FALSE AND (practitioner_id = ? OR practitioner_id IS NULL)"
                        + " AND start_at < ? AND end_at > ? ORDER BY start_at, id LIMIT 1", practitionerId, end, start)
                .map(AgendaBlocks::block);
    }

    /**
     * Blocks and holidays overlapping days {@code from} to {@code to} (inclusive), by start: every practitioner's, or
     * one practitioner's and the clinic's holidays; {@code kind} narrows it to blocks or holidays.
     */
    public List<JsonObject> between(LocalDate from, LocalDate to, Optional<String> practitionerId, Optional<AgendaBlock.Kind> kind) {
        StringBuilder sql = new StringBuilder(SELECT).append(" AND b.start_at < ? AND b.end_at > ?");
        List<Object> params = new ArrayList<>(List.of(to.plusDays(1).atStartOfDay(), from.atStartOfDay()));
        practitionerId.ifPresent(id -> {
            sql.append(" AND (b.practitioner_id = ? OR b.practitioner_id IS NULL)");
            params.add(id);
        });
        kind.ifPresent(only -> {
            sql.append(" AND b.kind = ?");
            params.add(only.name());
        });
        sql.append(" ORDER BY b.start_at, b.id");
        try (Stream<DbRow> rows = db.execute().query(sql.toString(), params.toArray())) {
            return rows.map(AgendaBlocks::json).toList();
        }
    }

    public Optional<JsonObject> find(String id) {
        return db.execute().get("SELECT b.*, r.full_name AS practitioner_name FROM agenda_block b"
                + " LEFT JOIN practitioner r ON r.id = b.practitioner_id WHERE b.id = ?", id).map(AgendaBlocks::json);
    }

    private static AgendaBlock block(DbRow row) {
        return new AgendaBlock(Rows.text(row, "id"), AgendaBlock.Kind.valueOf(Rows.text(row, "kind")), Rows.text(row, "practitioner_id"),
                Rows.dateTime(row, "start_at"), Rows.dateTime(row, "end_at"), Rows.text(row, "reason"));
    }

    private static JsonObject json(DbRow row) {
        AgendaBlock block = block(row);
        var json = JSON.createObjectBuilder()
                .add("id", block.id())
                .add("kind", block.kind().name())
                .add("practitionerId", JsonFields.text(block.practitionerId()))
                .add("practitionerName", JsonFields.text(Rows.text(row, "practitioner_name")))
                .add("start", block.start().toString())
                .add("end", block.end().toString())
                .add("reason", JsonFields.text(block.reason()))
                .add("removed", Rows.bool(row, "removed"));
        if (block.kind() == AgendaBlock.Kind.HOLIDAY) {
            json.add("date", block.start().toLocalDate().toString()).add("name", JsonFields.text(block.reason()));
        }
        return json.build();
    }
}
