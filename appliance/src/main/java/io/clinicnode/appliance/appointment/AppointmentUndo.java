package io.clinicnode.appliance.appointment;

import io.clinicnode.appliance.session.CurrentUser;

/**
 * Undoes the check-in of an appointment: the waiting room knows its visits, so it implements this for the appointment
 * API's {@code /undo} (the appointment package does not depend on the waiting room).
 */
@FunctionalInterface
public interface AppointmentUndo {
    /** Undoes the check-in of appointment {@code appointmentId} for {@code user}, or refuses (an ApiProblem or RejectedChange). */
    void undoCheckIn(String appointmentId, CurrentUser user);
}
