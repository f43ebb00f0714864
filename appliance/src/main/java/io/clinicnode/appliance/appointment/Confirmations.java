package io.clinicnode.appliance.appointment;

import java.util.List;

import io.clinicnode.appliance.audit.AuditTrail;
import io.clinicnode.appliance.journal.Event;
import io.clinicnode.appliance.write.ApplyContext;
import io.clinicnode.appliance.write.Projection;
import io.clinicnode.appliance.write.RejectedChange;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * How the projection applies confirmations: BOOKED → CONFIRMED with its channel, CONFIRMED → BOOKED when taken back,
 * and the audit entry of each view of the "confirmar amanhã" list. The status is the appointment's one status aspect
 * (last writer wins, {@link AppointmentEvents#changeStatus}); the channel, time and user of the confirmation go with
 * it and are cleared when it is taken back.
 *
 * <p>Stateless, so thread-safe.
 */
final class Confirmations {
    private Confirmations() {
    }

    static void register(Projection projection) {
        projection.register(AppointmentEvents.CONFIRMED, Confirmations::confirmed)
                .register(AppointmentEvents.UNCONFIRMED, Confirmations::unconfirmed)
                .register(AppointmentEvents.CONFIRMATIONS_VIEWED, Confirmations::viewed);
    }

    /** Payload of {@code appointment.confirmed}. */
    static JsonObject confirmedPayload(ConfirmationChannel channel) {
        return JSON.createObjectBuilder().add("channel", channel.name()).build();
    }

    /** Payload of {@code appointment.confirmations-viewed}: the day listed and the patients shown, in order. */
    static JsonObject viewedPayload(String day, List<String> shown) {
        JsonArrayBuilder ids = JSON.createArrayBuilder();
        shown.forEach(ids::add);
        return JSON.createObjectBuilder().add("date", day).add("shown", ids).build();
    }

    /** A second confirmation of a confirmed appointment (another channel, say) replaces the first. */
    private static void confirmed(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Appointment appointment = AppointmentEvents.loadOrRefuse(db, event.key());
        AppointmentEvents.refuseUnlessBooked(context, appointment, "confirmed");
        String channel = ConfirmationChannel.valueOf(payload.getString("channel")).name();
        AppointmentEvents.changeStatus(context, appointment.id(), AppointmentStatus.CONFIRMED);
        // Only when this event's status is the one that stands (a later status change from elsewhere wins).
        db.dml("UPDATE appointment SET confirmation_channel = ?, confirmed_at = ?, confirmed_by = ? WHERE id = ? AND status_version = ?",
                channel, context.at(), event.actor(), appointment.id(), context.version());
        AuditTrail.record(context, "CONFIRM", AppointmentEvents.ENTITY, appointment.patientId(), () -> "appointment "
                + appointment.id() + " on " + AppointmentEvents.span(appointment.start(), appointment.end()) + " confirmed by " + channel);
    }

    private static void unconfirmed(Event event, JsonObject payload, ApplyContext context) {
        DbExecute db = context.db();
        Appointment appointment = AppointmentEvents.loadOrRefuse(db, event.key());
        if (appointment.status() != AppointmentStatus.CONFIRMED) {
            context.breaks(new RejectedChange(RejectedChange.Reason.CONFLICT, "status", "This appointment is "
                    + appointment.status().words() + "; only a confirmed appointment can go back to booked.", "appointment.not-confirmed"));
        }
        AppointmentEvents.changeStatus(context, appointment.id(), AppointmentStatus.BOOKED);
        db.dml("UPDATE appointment SET confirmation_channel = NULL, confirmed_at = NULL, confirmed_by = NULL WHERE id = ? AND status_version = ?",
                appointment.id(), context.version());
        AuditTrail.record(context, "UNCONFIRM", AppointmentEvents.ENTITY, appointment.patientId(), () -> "appointment "
                + appointment.id() + " on " + AppointmentEvents.span(appointment.start(), appointment.end()) + " back to booked");
    }

    /** Never refused: the list was shown already. */
    private static void viewed(Event event, JsonObject payload, ApplyContext context) {
        AuditTrail.recordList(context, AppointmentEvents.ENTITY, "confirmation list for " + payload.getString("date"),
                payload.getJsonArray("shown").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }
}
