package io.clinicnode.appliance.waitingroom;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;

import io.clinicnode.appliance.appointment.AppointmentUndo;
import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;
import io.clinicnode.appliance.write.RejectedChange;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Undoes a mistaken check-in: only on the day it was made (in the clinic's time zone) and while the patient waits
 * (the leader checks that again when it applies the undo). Thread-safe.
 */
public final class CheckInUndo implements AppointmentUndo {
    private final ChangeWriter writes;
    private final WaitingRoomQueries queries;
    private final Clock clinicClock;

    public CheckInUndo(ChangeWriter writes, WaitingRoomQueries queries, Clock clinicClock) {
        this.writes = writes;
        this.queries = queries;
        this.clinicClock = clinicClock;
    }

    @Override
    public void undoCheckIn(String appointmentId, CurrentUser user) {
        JsonObject entry = queries.ofAppointment(appointmentId).orElseThrow(() ->
                ApiProblem.notFound("Appointment " + appointmentId + " has no check-in on this node."));
        undo(writes, entry, user, clinicClock);
    }

    static void undo(ChangeWriter writes, JsonObject entry, CurrentUser user, Clock clinicClock) {
        LocalDate checkedInOn = Instant.parse(entry.getString("checkedInAt")).atZone(clinicClock.getZone()).toLocalDate();
        if (!checkedInOn.equals(LocalDate.now(clinicClock))) {
            throw new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This check-in was made on " + checkedInOn
                    + "; it can only be undone the same day.", "undo.too-late");
        }
        // The appointment id rides along for central, which books the appointment again from the event alone.
        var payload = JSON.createObjectBuilder();
        if (!entry.isNull("appointmentId")) {
            payload.add("appointmentId", entry.getString("appointmentId"));
        }
        writes.write(new Change(WaitingRoomEvents.UNDONE, entry.getString("id"), user.username(), payload.build()));
    }
}
