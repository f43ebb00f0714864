package io.clinicnode.appliance.appointment;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Overlapping appointments of one practitioner. A change that would overlap is refused; facts from the two sides of a
 * partition can still book one slot twice, and then both appointments are kept and flagged ({@code double_booked})
 * until a human moves or cancels one. The flag is a function of the appointments as they are (an appointment is
 * flagged when it is not cancelled and overlaps another that is not cancelled), so it is the same on every node
 * whatever order the bookings, moves and cancellations arrived in.
 *
 * <p>Stateless, so thread-safe.
 */
public final class DoubleBookings {
    private DoubleBookings() {
    }

    /**
     * An appointment of the practitioner other than {@code appointmentId}, not cancelled nor a no-show (their slots are
     * free again) and not an encaixe (booked over the agenda on purpose), that overlaps {@code [start, end)}.
     */
    static Optional<DbRow> overlapping(DbExecute db, String practitionerId, String appointmentId, LocalDateTime start, LocalDateTime end) {
        // An overlapping appointment starts before this one ends and, being at most MAX_MINUTES long, after
        // start - MAX_MINUTES: both bounds keep the check an index range of a few rows however long the agenda.
        return db.get("SELECT id, start_at, end_at FROM appointment WHERE practitioner_id = ? AND start_at < ? AND start_at > ?"
                        + " AND end_at > ? AND status NOT IN (?, ?) AND NOT squeeze_in AND id <> ? ORDER BY start_at LIMIT 1",
                practitionerId, end, start.minusMinutes(AppointmentService.MAX_MINUTES), start,
                AppointmentStatus.CANCELLED.name(), AppointmentStatus.NO_SHOW.name(), appointmentId);
    }

    /**
     * Sets the flag of every appointment of the practitioner that overlaps {@code [start, end)}: call it with the
     * interval an appointment left and the one it took, after the change.
     */
    static void settle(DbExecute db, String practitionerId, LocalDateTime start, LocalDateTime end) {
        List<DbRow> around;
        try (Stream<DbRow> rows = db.query("SELECT id, start_at, end_at, status, squeeze_in, double_booked FROM appointment"
                        + " WHERE practitioner_id = ?"
                        + " AND start_at < ? AND start_at > ? AND end_at > ?",
                practitionerId, end, start.minusMinutes(AppointmentService.MAX_MINUTES), start)) {
            around = rows.toList();
        }
        for (DbRow row : around) {
            String id = Rows.text(row, "id");
            String status = Rows.text(row, "status");
            boolean flagged = !AppointmentStatus.CANCELLED.name().equals(status) && !AppointmentStatus.NO_SHOW.name().equals(status)
                    && !Rows.bool(row, "squeeze_in")
                    && overlapping(db, practitionerId, id, Rows.dateTime(row, "start_at"), Rows.dateTime(row, "end_at")).isPresent();
            if (flagged != Rows.bool(row, "double_booked")) {
                db.dml("UPDATE appointment SET double_booked = ? WHERE id = ?", flagged, id);
            }
        }
    }

    /** Whether appointment {@code id} is an encaixe (a squeeze-in), read inside the caller's transaction. */
    static boolean isSqueezeIn(DbExecute db, String id) {
        return db.get("SELECT squeeze_in FROM appointment WHERE id = ?", id).map(row -> Rows.bool(row, "squeeze_in")).orElse(false);
    }
}
