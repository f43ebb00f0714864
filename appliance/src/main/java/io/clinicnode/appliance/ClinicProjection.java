package io.clinicnode.appliance;

import io.clinicnode.appliance.agendablock.AgendaBlockEvents;
import io.clinicnode.appliance.appointment.AppointmentEvents;
import io.clinicnode.appliance.appointmenttype.AppointmentTypeEvents;
import io.clinicnode.appliance.cluster.ConflictReports;
import io.clinicnode.appliance.panel.DisplayTokenEvents;
import io.clinicnode.appliance.patient.PatientEvents;
import io.clinicnode.appliance.practitioner.PractitionerEvents;
import io.clinicnode.appliance.room.RoomEvents;
import io.clinicnode.appliance.user.UserEvents;
import io.clinicnode.appliance.waitingroom.WaitingRoomEvents;
import io.clinicnode.appliance.write.Projection;

/**
 * The clinic's projection: every event type a node applies, each with its domain package's handler. One place, so a
 * node, a rebuild from the journal and the tests that play two nodes apply exactly the same events.
 */
public final class ClinicProjection {
    private ClinicProjection() {
    }

    /** @param country decides how document numbers are checked (BR: CPF) */
    public static Projection create(String country) {
        Projection projection = new Projection();
        UserEvents.register(projection);
        new PatientEvents(country).register(projection);
        PractitionerEvents.register(projection);
        AppointmentTypeEvents.register(projection);
        AgendaBlockEvents.register(projection);
        AppointmentEvents.register(projection);
        WaitingRoomEvents.register(projection);
        RoomEvents.register(projection);
        DisplayTokenEvents.register(projection);
        ConflictReports.register(projection);
        return projection;
    }
}
