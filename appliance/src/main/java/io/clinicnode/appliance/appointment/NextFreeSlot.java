package io.clinicnode.appliance.appointment;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Optional;

import io.clinicnode.appliance.agendablock.AgendaBlock;
import io.clinicnode.appliance.agendablock.AgendaBlocks;
import io.clinicnode.appliance.practitioner.PractitionerData;
import io.clinicnode.appliance.practitioner.WorkingHours;
import io.clinicnode.appliance.store.Rows;

import io.helidon.dbclient.DbExecute;
import io.helidon.dbclient.DbRow;

/**
 * Finds a practitioner's first free slot ("próximo horário livre"): inside their working hours, outside their blocks
 * and the clinic's holidays, and overlapping none of their appointments, by the same checks a booking meets. Starts
 * are on a five-minute grid from the start of a working interval, and jump past whatever is in the way, so a search
 * over weeks reads a few rows per day.
 *
 * <p>Stateless, so thread-safe.
 */
final class NextFreeSlot {
    /** How far ahead a search looks: further is no answer a desk can use. */
    static final int HORIZON_DAYS = 90;
    private static final int GRID_MINUTES = 5;

    private NextFreeSlot() {
    }

    /** The first start at or after {@code after} where {@code minutes} fit, within {@link #HORIZON_DAYS}. */
    static Optional<LocalDateTime> find(DbExecute db, String practitionerId, PractitionerData practitioner, int minutes,
                                        LocalDateTime after) {
        LocalDateTime earliest = onGrid(after, after.toLocalDate().atStartOfDay());
        for (LocalDate day = after.toLocalDate(); day.isBefore(after.toLocalDate().plusDays(HORIZON_DAYS)); day = day.plusDays(1)) {
            for (WorkingHours hours : practitioner.hoursOn(day.getDayOfWeek())) {
                LocalDateTime intervalStart = day.atTime(hours.start());
                LocalDateTime intervalEnd = day.atTime(hours.end());
                LocalDateTime start = earliest.isAfter(intervalStart) ? onGrid(earliest, intervalStart) : intervalStart;
                while (!start.plusMinutes(minutes).isAfter(intervalEnd)) {
                    LocalDateTime end = start.plusMinutes(minutes);
                    Optional<AgendaBlock> block = AgendaBlocks.covering(db, practitionerId, start, end);
                    if (block.isPresent()) {
                        start = onGrid(block.get().end(), intervalStart);
                        continue;
                    }
                    Optional<DbRow> taken = DoubleBookings.overlapping(db, practitionerId, "", start, end);
                    if (taken.isPresent()) {
                        start = onGrid(Rows.dateTime(taken.get(), "end_at"), intervalStart);
                        continue;
                    }
                    return Optional.of(start);
                }
            }
        }
        return Optional.empty();
    }

    /** {@code time} rounded up to the grid that starts at {@code origin}. */
    private static LocalDateTime onGrid(LocalDateTime time, LocalDateTime origin) {
        long minutes = Duration.between(origin, time).toMinutes();
        long seconds = Duration.between(origin, time).toSeconds() % 60;
        long steps = (minutes + (seconds > 0 ? 1 : 0) + GRID_MINUTES - 1) / GRID_MINUTES;
        return origin.plusMinutes(Math.max(0, steps) * GRID_MINUTES);
    }
}
