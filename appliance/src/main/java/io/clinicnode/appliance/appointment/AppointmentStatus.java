package io.clinicnode.appliance.appointment;

/**
 * Where an appointment stands. Only a booked appointment ({@code BOOKED}, or {@code CONFIRMED} once the patient said
 * they will come) can be moved, cancelled, marked a no-show or checked in; a checked-in one becomes {@code COMPLETED}
 * when its visit is done. The other three are final.
 */
public enum AppointmentStatus {
    BOOKED, CONFIRMED, CHECKED_IN, CANCELLED, NO_SHOW, COMPLETED;

    /** Booked and still ahead: {@code BOOKED} or {@code CONFIRMED}, the two a desk may still change. */
    public boolean isBooked() {
        return this == BOOKED || this == CONFIRMED;
    }

    /** How sentences say it: "this appointment is …". */
    public String words() {
        return switch (this) {
            case BOOKED -> "booked";
            case CONFIRMED -> "confirmed";
            case CHECKED_IN -> "checked in";
            case CANCELLED -> "cancelled";
            case NO_SHOW -> "a no-show";
            case COMPLETED -> "completed";
        };
    }
}
