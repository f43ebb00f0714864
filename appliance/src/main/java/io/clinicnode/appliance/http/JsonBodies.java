package io.clinicnode.appliance.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import static io.clinicnode.appliance.http.JsonSupport.JSON;

/**
 * Reads a request body as one JSON object, refusing with a clear problem what is too large, not JSON, or
 * not an object. The body is read with a hard limit, so an oversized upload never fills memory.
 *
 * <p>Thread-safe (stateless).
 */
public final class JsonBodies {
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
        long declared = request.headers().contentLength().orElse(-1);
        if (declared > maxBytes) {
            throw tooLarge();
        }
        byte[] body = readLimited(request);
        if (body.length == 0) {
            throw ApiProblem.badRequest("The request needs a JSON object body.");
        }
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw ApiProblem.badRequest("The body must be a JSON object, not " + value.getValueType().name().toLowerCase() + ".");
            }
            return value.asJsonObject();
        } catch (JsonException e) {
            throw new ApiProblem(400, "Malformed JSON", "The body is not valid JSON: " + firstLine(e.getMessage()),
                    List.of(new FieldError("body", "not valid JSON")));
        }
    }

    private byte[] readLimited(ServerRequest request) {
        if (!request.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                throw tooLarge();
            }
            return body;
        } catch (IOException e) {
            throw ApiProblem.badRequest("The request body could not be read: " + e.getMessage());
        }
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
