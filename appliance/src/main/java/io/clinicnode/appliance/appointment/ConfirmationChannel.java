package io.clinicnode.appliance.appointment;

/**
 * How a patient confirmed an appointment: the desk's morning calls ({@code PHONE}), a message the desk sent by hand
 * ({@code WHATSAPP}, {@code SMS}, {@code EMAIL}), or at the desk ({@code IN_PERSON}). Automatic reminders (a later
 * step) will confirm with the channel they used.
 */
public enum ConfirmationChannel {
    PHONE, WHATSAPP, SMS, EMAIL, IN_PERSON
}
