package io.clinicnode.appliance.http;

import java.util.Objects;

/**
 * One bad field of a request: its name (JSON path or query parameter), a stable {@code code} saying what is wrong
 * (e.g. {@code required}, {@code cpf.check-digit}, {@code slot.taken}) that clients translate or test, and an English
 * {@code message} for API users and logs. The codes are listed in the README's API section.
 */
public record FieldError(String field, String code, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
