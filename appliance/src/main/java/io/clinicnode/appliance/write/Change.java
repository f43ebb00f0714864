package io.clinicnode.appliance.write;

import java.util.Objects;

import jakarta.json.JsonObject;

/**
 * A change a user asks for, before the write path turns it into a journal {@link io.clinicnode.appliance.journal.Event}.
 *
 * @param type    event type, e.g. {@code patient.registered}
 * @param key     id of the record it is about
 * @param actor   username asking for it
 * @param payload the validated data
 */
public record Change(String type, String key, String actor, JsonObject payload) {
    public Change {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
    }
}
