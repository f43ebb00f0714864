package io.clinicnode.appliance.appointment;

/**
 * Where an appointment stands. Only a {@code BOOKED} appointment can be moved, cancelled, marked a no-show
 * or checked in; a checked-in one becomes {@code COMPLETED} when its visit is done. The other three are final.
 */
public enum AppointmentStatus {
    BOOKED, CHECKED_IN, CANCELLED, NO_SHOW, COMPLETED;

    /** How sentences say it: "this appointment is …". */
    public String words() {
        return switch (this) {
            case BOOKED -> "booked";
            case CHECKED_IN -> "checked in";
            case CANCELLED -> "cancelled";
            case NO_SHOW -> "a no-show";
            case COMPLETED -> "completed";
        };
    }
}
