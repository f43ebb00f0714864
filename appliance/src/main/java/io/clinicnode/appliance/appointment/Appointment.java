package io.clinicnode.appliance.appointment;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * An appointment as stored, for checks inside event handlers. Immutable.
 *
 * @param start clinic-local start
 * @param end   clinic-local end (exclusive)
 */
public record Appointment(String id, String patientId, String practitionerId, LocalDateTime start, LocalDateTime end,
                          AppointmentStatus status, String notes) {
    public int durationMinutes() {
        return (int) Duration.between(start, end).toMinutes();
    }
}
