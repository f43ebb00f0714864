package io.clinicnode.appliance.http;

/** One bad field of a request: its name (JSON path or query parameter) and what is wrong with it. */
public record FieldError(String field, String message) {
}
