package io.clinicnode.appliance.json;

import jakarta.json.spi.JsonProvider;

/**
 * The one JSON-P provider the node uses. {@code jakarta.json.Json}'s static methods look the provider up
 * through a {@code ServiceLoader} scan on every call, which profiling showed as a third of a booking
 * request's CPU; the provider itself is stateless and thread-safe, so one is kept and reused.
 */
public final class JsonSupport {
    public static final JsonProvider JSON = JsonProvider.provider();

    private JsonSupport() {
    }
}
