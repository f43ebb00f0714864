package io.clinicnode.appliance.http;

import jakarta.json.Json;
import jakarta.json.JsonValue;

/** JSON values for optional fields: a missing value is written as JSON null, so clients always see every field. */
public final class JsonFields {
    private JsonFields() {
    }

    /** {@code value}'s text as a JSON string, or JSON null. */
    public static JsonValue text(Object value) {
        return value == null ? JsonValue.NULL : Json.createValue(value.toString());
    }
}
