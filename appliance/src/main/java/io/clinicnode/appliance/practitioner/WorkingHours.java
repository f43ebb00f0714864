package io.clinicnode.appliance.practitioner;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One interval in which a practitioner sees patients every week: {@code [start, end)} on {@code dayOfWeek},
 * in clinic-local time. Immutable.
 */
public record WorkingHours(DayOfWeek dayOfWeek, LocalTime start, LocalTime end) {
    public WorkingHours {
        Objects.requireNonNull(dayOfWeek, "dayOfWeek");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("Working hours must start before they end, got " + start + "-" + end);
        }
    }

    /** Whether {@code [from, to)} lies entirely inside this interval. */
    public boolean covers(LocalTime from, LocalTime to) {
        return !from.isBefore(start) && !to.isAfter(end) && from.isBefore(to);
    }

    public boolean overlaps(WorkingHours other) {
        return dayOfWeek == other.dayOfWeek && start.isBefore(other.end) && other.start.isBefore(end);
    }

    /** "08:00-12:00". */
    public String label() {
        return start + "-" + end;
    }
}
