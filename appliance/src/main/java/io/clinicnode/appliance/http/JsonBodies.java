package io.clinicnode.appliance.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * Reads a request body as one JSON object, refusing with a clear problem what is too large, not JSON, or
 * not an object. The body is read with a hard limit, so an oversized upload never fills memory; before parsing,
 * nesting deeper than {@value #MAX_DEPTH} levels and numbers longer than {@value #MAX_NUMBER_CHARS} characters are
 * refused (the parser would otherwise fail with errors that are not JSON errors, or spend its time on them).
 *
 * <p>Thread-safe (stateless).
 */
public final class JsonBodies {
    /** No request of the API nests deeper than a few levels. */
    static final int MAX_DEPTH = 32;
    /** Longer than any number the API takes, with room for a fraction and exponent. */
    static final int MAX_NUMBER_CHARS = 64;

    private final int maxBytes;

    public JsonBodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public JsonObject object(ServerRequest request) {
        String contentType = request.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.isEmpty() && !contentType.toLowerCase().startsWith("application/json")) {
            throw new ApiProblem(415, "Unsupported media type",
                    "Send the body as application/json; got " + contentType + ".");
        }
        if (request.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            long declared = request.headers().contentLength().orElse(-1);
            if (declared < 0) {
                throw new ApiProblem(400, "Bad request", "The Content-Length header must be a number of bytes, 0 or more.",
                        List.of(new FieldError("Content-Length", "content-length.invalid", "must be a number of bytes, 0 or more")));
            }
            if (declared > maxBytes) {
                throw tooLarge();
            }
        }
        byte[] body = readLimited(request);
        if (body.length == 0) {
            throw ApiProblem.badRequest("The request needs a JSON object body.");
        }
        checkShape(body);
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiProblem.badRequest("The body must be a JSON object, not " + value.getValueType().name().toLowerCase() + ".");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new ApiProblem(400, "Malformed JSON", "The body is not valid JSON: " + firstLine(e.getMessage()),
                    List.of(new FieldError("body", "json.malformed", "not valid JSON")));
        }
    }

    private byte[] readLimited(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        byte[] body;
        try (InputStream in = request.content().inputStream()) {
            body = in.readNBytes(maxBytes + 1);
        } catch (CloseConnectionException e) {
            // The client went away (or a deadline closed it): nobody to answer, and nothing worth a log line.
            throw e;
        } catch (IOException | UncheckedIOException e) {
            throw new CloseConnectionException("The connection broke while its request body was read", e);
        } catch (RuntimeException e) {
            // A broken chunked encoding surfaces here, as whatever Helidon's decoder throws.
            throw new ApiProblem(400, "Bad request", "The request body could not be read: its chunked encoding is broken.",
                    List.of(new FieldError("body", "body.unreadable", "could not be read")));
        }
        if (body.length > maxBytes) {
            throw tooLarge();
        }
        return body;
    }

    /**
     * Refuses nesting deeper than {@link #MAX_DEPTH} and numbers longer than {@link #MAX_NUMBER_CHARS}, in one pass over
     * the bytes outside strings. What is not JSON at all is left to the parser.
     */
    static void checkShape(byte[] body) {
        int depth = 0;
        int numberChars = 0;
        boolean inString = false;
        boolean escaped = false;
        for (byte b : body) {
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
                continue;
            }
            if (isNumberChar(b)) {
                if (++numberChars > MAX_NUMBER_CHARS) {
                    throw shapeProblem("a number is longer than " + MAX_NUMBER_CHARS + " characters");
                }
                continue;
            }
            numberChars = 0;
            switch (b) {
                case '"' -> inString = true;
                case '{', '[' -> {
                    if (++depth > MAX_DEPTH) {
                        throw shapeProblem("nested deeper than " + MAX_DEPTH + " levels");
                    }
                }
                case '}', ']' -> depth--;
                default -> {
                    // Separators, whitespace and literals: the parser judges them.
                }
            }
        }
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    private static ApiProblem shapeProblem(String message) {
        return new ApiProblem(400, "Malformed JSON", "The body is refused: " + message + ".",
                List.of(new FieldError("body", "json.too-complex", message)));
    }

    private ApiProblem tooLarge() {
        return new ApiProblem(413, "Payload too large", "The body is larger than " + maxBytes + " bytes.");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
