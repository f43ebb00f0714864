package io.clinicnode.appliance.http;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.helidon.webserver.http.ServerRequest;

/** Reads and checks query and path parameters, refusing bad ones with a problem naming the parameter. */
public final class Queries {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Queries() {
    }

    public static Optional<String> text(ServerRequest request, String name, int maxLength) {
        Optional<String> value = request.query().first(name).asOptional().map(String::strip).filter(text -> !text.isEmpty());
        if (value.isPresent() && value.get().length() > maxLength) {
            throw invalid(name, "too-long", "must be at most " + maxLength + " characters");
        }
        return value;
    }

    public static int integer(ServerRequest request, String name, int defaultValue, int min, int max) {
        Optional<String> value = text(request, name, 10);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value.get());
            if (number < min || number > max) {
                throw invalid(name, "number.out-of-range", "must be between " + min + " and " + max);
            }
            return number;
        } catch (NumberFormatException e) {
            throw invalid(name, "type.integer", "must be a whole number");
        }
    }

    public static Optional<LocalDate> date(ServerRequest request, String name) {
        return text(request, name, 10).map(text -> {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw invalid(name, "date.invalid", "must be a date as YYYY-MM-DD");
            }
        });
    }

    /** A record id from the path; anything that is not a UUID cannot name a record, so it is a 404. */
    public static String id(ServerRequest request, String what) {
        String id = request.path().pathParameters().get("id");
        if (!UUID.matcher(id).matches()) {
            throw ApiProblem.notFound("No " + what + " with id " + id + ".");
        }
        return id.toLowerCase();
    }

    /** An optional id query parameter, which must look like an id. */
    public static Optional<String> idParameter(ServerRequest request, String name) {
        Optional<String> value = text(request, name, 36);
        if (value.isPresent() && !UUID.matcher(value.get()).matches()) {
            throw invalid(name, "id.invalid", "must be an id as returned by the API");
        }
        return value.map(String::toLowerCase);
    }

    /** A 400 naming query parameter {@code name}, with its stable {@code code} (see {@link FieldError}). */
    public static ApiProblem invalid(String name, String code, String message) {
        return ApiProblem.invalidFields(List.of(new FieldError(name, code, message)));
    }
}
