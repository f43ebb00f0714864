package io.clinicnode.appliance.appointmenttype;

import java.util.Locale;
import java.util.regex.Pattern;

import io.clinicnode.appliance.http.FieldReader;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * What the clinic records about an appointment type: validated input and the payload of its events. Immutable.
 *
 * @param durationMinutes the default duration of an appointment of this type (a booking may give another)
 * @param color           {@code #RRGGBB}, the agenda's color for it
 * @param active          whether it can be chosen for new bookings; null on a request that did not say, which means
 *                        "active" for a new type and "unchanged" for an update
 */
public record AppointmentTypeData(String name, int durationMinutes, String color, Boolean active) {
    /** Same bounds as an appointment's own duration. */
    static final int MIN_MINUTES = 5;
    static final int MAX_MINUTES = 480;
    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** Validates a request body; every bad field is reported at once. */
    static AppointmentTypeData parse(FieldReader fields) {
        String name = fields.requiredText("name", 100);
        Integer duration = fields.requiredInt("durationMinutes", MIN_MINUTES, MAX_MINUTES);
        String color = fields.requiredText("color", 7);
        if (color != null && !COLOR.matcher(color).matches()) {
            fields.error("color", "color.invalid", "must be a color as #RRGGBB");
        }
        Boolean active = fields.optionalBoolean("active");
        fields.throwIfInvalid();
        return new AppointmentTypeData(name, duration, color.toLowerCase(Locale.ROOT), active);
    }

    JsonObject toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("name", name)
                .add("durationMinutes", durationMinutes)
                .add("color", color);
        if (active != null) {
            json.add("active", active);
        }
        return json.build();
    }

    static AppointmentTypeData fromJson(JsonObject json) {
        return new AppointmentTypeData(json.getString("name"), json.getInt("durationMinutes"), json.getString("color"),
                json.containsKey("active") ? json.getBoolean("active") : null);
    }
}
