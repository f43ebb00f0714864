package io.clinicnode.appliance.write;

import io.clinicnode.appliance.journal.Event;

import jakarta.json.JsonObject;

/**
 * Applies one type of event to the H2 projection. Must be deterministic (same data, same event → same result on
 * every node). For a change ({@link ApplyContext.Mode#CHANGE}) it checks everything that can refuse it before writing
 * anything; for a fact it must commute with every other fact (see {@link ApplyContext}).
 */
@FunctionalInterface
public interface EventHandler {
    /**
     * @throws RejectedChange when the current data does not allow the change (nothing has been written then); for a
     *                        fact only when the record it is about does not exist here at all
     */
    void apply(Event event, JsonObject payload, ApplyContext context);
}
