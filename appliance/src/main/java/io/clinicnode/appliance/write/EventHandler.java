package io.clinicnode.appliance.write;

import io.clinicnode.appliance.journal.Event;

import io.helidon.dbclient.DbExecute;

import jakarta.json.JsonObject;

/**
 * Applies one type of event to the H2 projection. Must be deterministic (same data, same event → same
 * result on every node) and must check everything that can refuse the change before writing anything.
 */
@FunctionalInterface
public interface EventHandler {
    /**
     * @throws RejectedChange when the current data does not allow the change; nothing has been written then
     */
    void apply(Event event, JsonObject payload, DbExecute db);
}
