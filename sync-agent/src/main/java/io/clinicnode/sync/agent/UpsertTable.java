package io.clinicnode.sync.agent;

import java.lang.reflect.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One central table of current rows and how rows merge into it: a multi-row upsert
 * ({@code INSERT … SELECT FROM unnest(arrays) ON CONFLICT DO UPDATE}) generated from its columns' merge rules.
 * A statement may not update one row twice, so rows of a batch are sent in rounds: the first occurrence of each key,
 * then the second, and so on (nearly always one round); the merge rules make the result independent of the order.
 *
 * <p>The table definition is immutable and thread-safe; {@link Rows} collects one batch and is not.
 */
final class UpsertTable {
    /** How an incoming value merges with the stored one when the row exists. */
    enum Merge {
        /** The primary key (after clinic_id); not updated. */
        KEY,
        /** Set once: the stored value unless it is null. */
        FIRST,
        /** The earliest of the two (LEAST ignores null). */
        EARLIEST,
        /** The latest of the two (GREATEST ignores null). */
        LATEST,
        /** Replaced when the incoming version of its group is newer. */
        NEWER,
        /** Replaced when the incoming version of its group is newer and the incoming value is not null (partial changes). */
        NEWER_IF_SET,
        /** The group's version columns ({@code <group>_hlc}, {@code <group>_origin}). */
        VERSION
    }

    /**
     * @param name  column name in the table, also the name of its unnest input
     * @param type  SQL type of the input array's elements: text, bigint, integer, boolean
     * @param value SQL expression of the inserted value from the input {@code u.<name>} (and {@code k.clinic_id})
     * @param merge merge rule
     * @param group version group for NEWER, NEWER_IF_SET and VERSION
     */
    record Column(String name, String type, String value, Merge merge, String group) {
        static Column of(String name, String type, Merge merge, String group) {
            return new Column(name, type, "u." + name, merge, group);
        }

        /** A timestamptz column whose input is epoch milliseconds. */
        static Column millis(String name, Merge merge, String group) {
            return new Column(name, "bigint", "to_timestamp(u." + name + " / 1000.0)", merge, group);
        }

        Column withValue(String expression) {
            return new Column(name, type, expression, merge, group);
        }
    }

    private final String table;
    private final List<Column> columns;
    private final String sql;

    UpsertTable(String table, List<Column> columns) {
        this.table = table;
        this.columns = List.copyOf(columns);
        this.sql = buildSql();
    }

    private String buildSql() {
        String names = columns.stream().map(Column::name).collect(Collectors.joining(", "));
        String values = columns.stream().map(Column::value).collect(Collectors.joining(", "));
        String arrays = columns.stream().map(column -> "?::" + column.type() + "[]").collect(Collectors.joining(", "));
        String updates = columns.stream().filter(column -> column.merge() != Merge.KEY).map(this::update)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + " AS t (clinic_id, " + names + ") SELECT k.clinic_id, " + values
                + " FROM (SELECT ?::text AS clinic_id) k, unnest(" + arrays + ") AS u(" + names + ")"
                + " ON CONFLICT (clinic_id, " + columns.getFirst().name() + ") DO UPDATE SET " + updates;
    }

    private String update(Column column) {
        String name = column.name();
        return name + " = " + switch (column.merge()) {
            case KEY -> throw new IllegalStateException("keys are not updated");
            case FIRST -> "COALESCE(t." + name + ", EXCLUDED." + name + ")";
            case EARLIEST -> "LEAST(t." + name + ", EXCLUDED." + name + ")";
            case LATEST -> "GREATEST(t." + name + ", EXCLUDED." + name + ")";
            case NEWER, VERSION -> "CASE WHEN " + newer(column.group()) + " THEN EXCLUDED." + name + " ELSE t." + name + " END";
            case NEWER_IF_SET -> "CASE WHEN " + newer(column.group()) + " THEN COALESCE(EXCLUDED." + name + ", t." + name
                    + ") ELSE t." + name + " END";
        };
    }

    /** The incoming (hlc, origin) of the group is set and greater than the stored one: last writer wins, origin breaks ties. */
    private static String newer(String group) {
        return "(EXCLUDED." + group + "_hlc IS NOT NULL AND (EXCLUDED." + group + "_hlc, EXCLUDED." + group + "_origin) > (COALESCE(t."
                + group + "_hlc, -1), COALESCE(t." + group + "_origin, '')))";
    }

    String sql() {
        return sql;
    }

    Rows rows() {
        return new Rows();
    }

    /** The rows of one batch for this table, in event order. */
    final class Rows {
        private final List<Object[]> rows = new ArrayList<>();

        /** Adds a row: one value per column, in the table's column order (the key first). */
        void add(Object... values) {
            if (values.length != columns.size()) {
                throw new IllegalArgumentException(table + " has " + columns.size() + " columns, got " + values.length);
            }
            rows.add(values);
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        /** Sends the rows in as few upserts as keys allow. */
        void write(Connection connection, String clinicId) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            List<List<Object[]>> rounds = new ArrayList<>();
            Map<Object, Integer> seen = new HashMap<>();
            for (Object[] row : rows) {
                int round = seen.merge(row[0], 1, Integer::sum) - 1;
                if (round == rounds.size()) {
                    rounds.add(new ArrayList<>());
                }
                rounds.get(round).add(row);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (List<Object[]> round : rounds) {
                    statement.setString(1, clinicId);
                    for (int column = 0; column < columns.size(); column++) {
                        statement.setArray(column + 2, connection.createArrayOf(columns.get(column).type(),
                                values(round, column, columns.get(column).type())));
                    }
                    statement.executeUpdate();
                }
            }
        }
    }

    static Object[] values(List<Object[]> rows, int column, String type) {
        Class<?> element = switch (type) {
            case "bigint" -> Long.class;
            case "integer" -> Integer.class;
            case "boolean" -> Boolean.class;
            default -> String.class;
        };
        Object[] values = (Object[]) Array.newInstance(element, rows.size());
        for (int row = 0; row < rows.size(); row++) {
            values[row] = rows.get(row)[column];
        }
        return values;
    }
}
