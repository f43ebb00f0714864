package io.clinicnode.appliance.store;

import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

import io.helidon.dbclient.DbRow;

/**
 * Reads typed values from DbClient rows whatever JDBC type H2 hands back, and converts instants to and
 * from the UTC {@code TIMESTAMP} columns the schema uses for "when it happened" values.
 */
public final class Rows {
    private Rows() {
    }

    /** The column's value as JDBC returned it, null for SQL NULL (DbColumn.get() refuses nulls). */
    public static Object raw(DbRow row, String column) {
        return row.column(column).get(Object.class);
    }

    public static String text(DbRow row, String column) {
        Object value = raw(row, column);
        return value == null ? null : value.toString();
    }

    public static boolean bool(DbRow row, String column) {
        return Boolean.TRUE.equals(raw(row, column));
    }

    public static long number(DbRow row, String column) {
        return ((Number) raw(row, column)).longValue();
    }

    public static LocalDate date(DbRow row, String column) {
        Object value = raw(row, column);
        return switch (value) {
            case null -> null;
            case LocalDate date -> date;
            case Date date -> date.toLocalDate();
            default -> LocalDate.parse(value.toString());
        };
    }

    public static LocalTime time(DbRow row, String column) {
        Object value = raw(row, column);
        return switch (value) {
            case null -> null;
            case LocalTime time -> time;
            case Time time -> time.toLocalTime();
            default -> LocalTime.parse(value.toString());
        };
    }

    public static LocalDateTime dateTime(DbRow row, String column) {
        Object value = raw(row, column);
        return switch (value) {
            case null -> null;
            case LocalDateTime dateTime -> dateTime;
            case Timestamp timestamp -> timestamp.toLocalDateTime();
            default -> LocalDateTime.parse(value.toString());
        };
    }

    /** An instant stored in a UTC TIMESTAMP column. */
    public static Instant instant(DbRow row, String column) {
        LocalDateTime utc = dateTime(row, column);
        return utc == null ? null : utc.toInstant(ZoneOffset.UTC);
    }

    /** The value to bind for an instant into a UTC TIMESTAMP column. */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
