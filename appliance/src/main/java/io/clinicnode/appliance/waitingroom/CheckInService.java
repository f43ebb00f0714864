package io.clinicnode.appliance.waitingroom;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.write.Change;
import io.clinicnode.appliance.write.ChangeWriter;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@code /api/checkins}: the patient of one of today's booked appointments has arrived and waits
 * ({@code {"appointmentId"}}), or a patient came without one ({@code {"patientId","practitionerId","walkIn":true}}).
 * Either may carry the legal {@code priorities} the desk sees (the age ones are computed). Thread-safe.
 */
public final class CheckInService implements HttpService {
    private final ChangeWriter writes;
    private final WaitingRoomQueries queries;
    private final JsonBodies bodies;
    private final Clock clinicClock;

    /** @param clinicClock a clock in the clinic's time zone: a patient is checked in on the appointment's day only */
    public CheckInService(ChangeWriter writes, WaitingRoomQueries queries, JsonBodies bodies, Clock clinicClock) {
        this.writes = writes;
        this.queries = queries;
        this.bodies = bodies;
        this.clinicClock = clinicClock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::checkIn);
    }

    private void checkIn(ServerRequest request, ServerResponse response) {
        CurrentUser user = CurrentUser.of(request);
        JsonObject body = bodies.object(request);
        FieldReader fields = new FieldReader(body);
        boolean walkIn = Boolean.TRUE.equals(fields.optionalBoolean("walkIn"));
        List<Priority> priorities = priorities(body, fields);
        LocalDate today = LocalDate.now(clinicClock);
        String id = UUID.randomUUID().toString();
        if (walkIn) {
            String patientId = fields.requiredText("patientId", 36);
            String practitionerId = fields.requiredText("practitionerId", 36);
            if (fields.has("appointmentId")) {
                fields.error("appointmentId", "checkin.walk-in-appointment", "must not be sent with walkIn: a walk-in has no appointment");
            }
            fields.throwIfInvalid();
            writes.write(new Change(WaitingRoomEvents.WALK_IN, id, user.username(), WaitingRoomEvents.walkInPayload(
                    patientId.toLowerCase(Locale.ROOT), practitionerId.toLowerCase(Locale.ROOT), today, priorities)));
        } else {
            String appointmentId = fields.requiredText("appointmentId", 36);
            fields.throwIfInvalid();
            writes.write(new Change(WaitingRoomEvents.CHECKED_IN, id, user.username(),
                    WaitingRoomEvents.checkedInPayload(appointmentId.toLowerCase(Locale.ROOT), today, priorities)));
        }
        Responses.created(response, "/api/waiting-room/" + id, queries.find(id)
                .orElseThrow(() -> ApiProblem.notFound("No waiting-room entry with id " + id + ".")));
    }

    /** The desk's flags: an array of {@link Priority#FLAGGED} names; the age ones are computed, never sent. */
    static List<Priority> priorities(JsonObject body, FieldReader fields) {
        List<Priority> priorities = new ArrayList<>();
        JsonValue value = body.get("priorities");
        if (value == null || value == JsonValue.NULL) {
            return priorities;
        }
        if (!(value instanceof JsonArray array) || array.size() > Priority.values().length) {
            fields.error("priorities", "priority.invalid", "must be an array of " + Priority.FLAGGED);
            return priorities;
        }
        for (JsonValue item : array) {
            Priority priority = item instanceof JsonString text ? parse(text.getString()) : null;
            if (priority == null || !Priority.FLAGGED.contains(priority)) {
                fields.error("priorities", "priority.invalid", "must be an array of " + Priority.FLAGGED
                        + " (60+ and 80+ come from the birth date)");
                return List.of();
            }
            if (!priorities.contains(priority)) {
                priorities.add(priority);
            }
        }
        return priorities;
    }

    private static Priority parse(String name) {
        try {
            return Priority.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
