package io.clinicnode.appliance.json;

import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** JSON values for optional fields: a missing value is written as JSON null, so clients always see every field. */
public final class JsonFields {
    private JsonFields() {
    }

    /** {@code value}'s text as a JSON string, or JSON null. */
    public static JsonValue text(Object value) {
        return value == null ? JsonValue.NULL : JSON.createValue(value.toString());
    }
}
