package io.clinicnode.appliance.http;

import java.util.List;

import io.clinicnode.appliance.ApplianceException;

/**
 * A request the node refuses, answered as {@code application/problem+json} (RFC 9457) with its status,
 * a sentence the user can act on and, where fields are at fault, one entry per field.
 */
public class ApiProblem extends ApplianceException {
    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ApiProblem(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "Bad request", detail);
    }

    public static ApiProblem invalidFields(List<FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " fields are invalid: "
                        + String.join(", ", errors.stream().map(FieldError::field).toList());
        return new ApiProblem(400, "Invalid fields", detail, errors);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(404, "Not found", what);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "Forbidden", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
