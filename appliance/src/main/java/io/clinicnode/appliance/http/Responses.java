package io.clinicnode.appliance.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** Writes JSON responses the same way everywhere. */
public final class Responses {
    private Responses() {
    }

    public static void json(ServerResponse response, int status, JsonStructure body) {
        response.status(Status.create(status))
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .send(body.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static void ok(ServerResponse response, JsonStructure body) {
        json(response, 200, body);
    }

    /** The API's list shape: {@code {"items":[…]}}. */
    public static void items(ServerResponse response, List<JsonObject> items) {
        ok(response, JSON.createObjectBuilder().add("items", array(items)).build());
    }

    /** The body {@link #items} sends, as UTF-8 bytes, for answers kept ready in a cache. */
    public static byte[] itemsBody(List<JsonObject> items) {
        return JSON.createObjectBuilder().add("items", array(items)).build().toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A 200 with a JSON body that is already serialised (never modified after this call). */
    public static void ok(ServerResponse response, byte[] jsonBody) {
        response.status(Status.OK_200).header(HeaderValues.CONTENT_TYPE_JSON).send(jsonBody);
    }

    public static JsonArray array(List<JsonObject> items) {
        JsonArrayBuilder array = JSON.createArrayBuilder();
        items.forEach(array::add);
        return array.build();
    }

    public static void created(ServerResponse response, String location, JsonStructure body) {
        response.header("Location", location);
        json(response, 201, body);
    }

    public static void noContent(ServerResponse response) {
        response.status(Status.NO_CONTENT_204).send();
    }
}
