package io.clinicnode.appliance.http;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Reads typed fields from a request's JSON object and collects every problem instead of stopping at the
 * first, so the user sees all bad fields at once. Call {@link #throwIfInvalid()} before using the values.
 *
 * <p>Not thread-safe: one per request.
 */
public final class FieldReader {
    private final JsonObject json;
    private final String prefix;
    private final List<FieldError> errors;

    public FieldReader(JsonObject json) {
        this(json, "", new ArrayList<>());
    }

    private FieldReader(JsonObject json, String prefix, List<FieldError> errors) {
        this.json = json;
        this.prefix = prefix;
        this.errors = errors;
    }

    public boolean has(String name) {
        return json.containsKey(name) && json.get(name).getValueType() != JsonValue.ValueType.NULL;
    }

    public String requiredText(String name, int maxLength) {
        String value = optionalText(name, maxLength);
        if (value == null && !hasErrorFor(name)) {
            error(name, "required", "is required");
        }
        return value;
    }

    /** A trimmed non-blank string, or null when absent, null or blank. */
    public String optionalText(String name, int maxLength) {
        if (!has(name)) {
            return null;
        }
        JsonValue value = json.get(name);
        if (!(value instanceof JsonString string)) {
            error(name, "type.string", "must be a string");
            return null;
        }
        String text = string.getString().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > maxLength) {
            error(name, "too-long", "must be at most " + maxLength + " characters");
            return null;
        }
        if (text.chars().anyMatch(c -> Character.isISOControl(c))) {
            error(name, "control-characters", "must not contain control characters");
            return null;
        }
        return text;
    }

    public LocalDate requiredDate(String name) {
        String text = requiredText(name, 10);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "date.invalid", "must be a date as YYYY-MM-DD");
            return null;
        }
    }

    public LocalDateTime requiredDateTime(String name) {
        String text = requiredText(name, 19);
        return text == null ? null : dateTime(name, text);
    }

    public LocalDateTime optionalDateTime(String name) {
        String text = optionalText(name, 19);
        return text == null ? null : dateTime(name, text);
    }

    private LocalDateTime dateTime(String name, String text) {
        try {
            return LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "datetime.invalid", "must be a local date and time as YYYY-MM-DDTHH:MM");
            return null;
        }
    }

    public LocalTime requiredTime(String name) {
        String text = requiredText(name, 8);
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            error(name, "time.invalid", "must be a time as HH:MM");
            return null;
        }
    }

    public Integer requiredInt(String name, int min, int max) {
        Integer value = optionalInt(name, min, max);
        if (value == null && !hasErrorFor(name)) {
            error(name, "required", "is required");
        }
        return value;
    }

    public Integer optionalInt(String name, int min, int max) {
        if (!has(name)) {
            return null;
        }
        if (!(json.get(name) instanceof JsonNumber number) || !number.isIntegral()) {
            error(name, "type.integer", "must be a whole number");
            return null;
        }
        long value;
        try {
            value = number.longValueExact();
        } catch (ArithmeticException e) {
            // Beyond a long: longValue() would wrap around into range (2^64 + 30 read as 30).
            value = number.bigIntegerValue().signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        if (value < min || value > max) {
            error(name, "number.out-of-range", "must be between " + min + " and " + max);
            return null;
        }
        return (int) value;
    }

    public Boolean optionalBoolean(String name) {
        if (!has(name)) {
            return null;
        }
        JsonValue value = json.get(name);
        if (value == JsonValue.TRUE) {
            return true;
        }
        if (value == JsonValue.FALSE) {
            return false;
        }
        error(name, "type.boolean", "must be true or false");
        return null;
    }

    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        E value = optionalEnum(name, type);
        if (value == null && !hasErrorFor(name)) {
            error(name, "required", "is required");
        }
        return value;
    }

    public <E extends Enum<E>> E optionalEnum(String name, Class<E> type) {
        String text = optionalText(name, 40);
        if (text == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            error(name, "enum.unknown", "must be one of " + Arrays.toString(type.getEnumConstants()));
            return null;
        }
    }

    /** Reads a nested object with {@code reader}; absent or null is fine. */
    public void optionalObject(String name, Consumer<FieldReader> reader) {
        if (!has(name)) {
            return;
        }
        if (!(json.get(name) instanceof JsonObject object)) {
            error(name, "type.object", "must be an object");
            return;
        }
        reader.accept(new FieldReader(object, prefix + name + ".", errors));
    }

    /** Reads each element of an array of objects with {@code reader}. */
    public int requiredObjectArray(String name, Consumer<FieldReader> reader) {
        if (!has(name)) {
            error(name, "required", "is required");
            return 0;
        }
        if (!(json.get(name) instanceof JsonArray array)) {
            error(name, "type.array", "must be an array");
            return 0;
        }
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof JsonObject object)) {
                error(name + "[" + i + "]", "type.object", "must be an object");
                continue;
            }
            reader.accept(new FieldReader(object, prefix + name + "[" + i + "].", errors));
        }
        return array.size();
    }

    /** Records a problem with field {@code name}: a stable {@code code} (see {@link FieldError}) and an English message. */
    public void error(String name, String code, String message) {
        errors.add(new FieldError(prefix + name, code, message));
    }

    public boolean hasErrorFor(String name) {
        String field = prefix + name;
        return errors.stream().anyMatch(error -> error.field().equals(field));
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    public void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields(errors);
        }
    }
}
