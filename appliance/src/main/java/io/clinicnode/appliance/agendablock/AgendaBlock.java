package io.clinicnode.appliance.agendablock;

import java.time.LocalDateTime;

/**
 * Time no appointment may be booked in: a practitioner's {@link Kind#BLOCK} (vacation, an afternoon off) or a clinic
 * {@link Kind#HOLIDAY} (whole days, every practitioner). Immutable.
 *
 * @param practitionerId null for a holiday
 * @param end            exclusive
 */
public record AgendaBlock(String id, Kind kind, String practitionerId, LocalDateTime start, LocalDateTime end, String reason) {
    public enum Kind {
        BLOCK, HOLIDAY
    }
}
