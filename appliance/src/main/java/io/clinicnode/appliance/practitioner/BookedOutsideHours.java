package io.clinicnode.appliance.practitioner;

import java.util.List;

import jakarta.json.JsonObject;

/**
 * A practitioner's booked appointments from now on that do not fit the given working hours, as the API shows
 * appointments: what a change of hours leaves for the desk to move. Given by the node's wiring (the appointments'
 * queries), so that this package does not reach into the appointments' one, which reads practitioners.
 */
@FunctionalInterface
public interface BookedOutsideHours {
    List<JsonObject> find(String practitionerId, PractitionerData hours);
}
