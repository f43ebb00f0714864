package io.clinicnode.appliance.waitingroom;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Legal priorities in service (Lei 10.048/2000, Lei 13.146/2015, Lei 12.764/2012 for TEA, Lei 13.466/2017 for 80+). The
 * age ones are computed from the patient's birth date on the visit day, never typed; the others the desk flags at
 * check-in. The board orders 80+ first (Lei 13.466: before the other elderly, and so before everyone), then every other
 * priority, then the rest, each by check-in time.
 */
public enum Priority {
    AGE_80, AGE_60, PREGNANT, BREASTFEEDING, LAP_CHILD, DISABILITY, REDUCED_MOBILITY, OBESITY;

    /** The priorities the desk flags (the age ones are automatic). */
    public static final Set<Priority> FLAGGED = EnumSet.of(PREGNANT, BREASTFEEDING, LAP_CHILD, DISABILITY, REDUCED_MOBILITY, OBESITY);

    /** The flagged priorities plus the age one due on {@code day} for someone born on {@code birthDate}. */
    static List<Priority> of(Collection<Priority> flagged, LocalDate birthDate, LocalDate day) {
        Set<Priority> all = EnumSet.noneOf(Priority.class);
        flagged.stream().filter(FLAGGED::contains).forEach(all::add);
        int age = birthDate == null ? 0 : Period.between(birthDate, day).getYears();
        if (age >= 80) {
            all.add(AGE_80);
        } else if (age >= 60) {
            all.add(AGE_60);
        }
        return new ArrayList<>(all);
    }

    /** 2 for 80+, 1 for any other priority, 0 for none: the board orders by it, highest first. */
    static int rank(Collection<Priority> priorities) {
        return priorities.contains(AGE_80) ? 2 : priorities.isEmpty() ? 0 : 1;
    }

    static String column(Collection<Priority> priorities) {
        return priorities.isEmpty() ? null : priorities.stream().map(Enum::name).collect(Collectors.joining(","));
    }

    static List<String> fromColumn(String column) {
        return column == null || column.isBlank() ? List.of() : List.of(column.split(","));
    }
}
