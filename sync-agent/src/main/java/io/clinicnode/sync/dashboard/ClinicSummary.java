package io.clinicnode.sync.dashboard;

import java.util.List;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * One line of the dashboard's clinic list.
 *
 * <p>Immutable, so thread-safe.
 *
 * @param secondsBehind       age of the oldest event the clinic's leader has not shipped yet (as it last reported)
 * @param backlogEvents       events the leader has not shipped yet
 * @param lastContactAt       ISO instant of the last batch or heartbeat, or null when it never synced
 * @param secondsSinceContact seconds since then, or null
 * @param nodes               current members (in the leader's latest heartbeats)
 * @param versions            their ClinicNode versions, distinct
 * @param leader              the node that reported as leader last, or null
 * @param lastError           the leader's last sync error with its time, kept as history once resolved; or null
 * @param errorOpen           whether that error still holds (the backlog it left is not shipped yet)
 */
record ClinicSummary(String id, String name, SyncState state, double secondsBehind, long backlogEvents,
                     String lastContactAt, Double secondsSinceContact, int nodes, List<String> versions, String leader,
                     long deadLetters, long deadLetters24h, long conflicts24h, String lastError, boolean errorOpen) {

    JsonObject toJson() {
        JsonArrayBuilder versionList = JSON.createArrayBuilder();
        versions.forEach(versionList::add);
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("id", id)
                .add("name", name)
                .add("status", state.label())
                .add("secondsBehind", secondsBehind)
                .add("backlogEvents", backlogEvents)
                .add("nodes", nodes)
                .add("versions", versionList)
                .add("deadLetters", deadLetters)
                .add("deadLetters24h", deadLetters24h)
                .add("conflicts24h", conflicts24h);
        ClinicQueries.addNullable(json, "lastContactAt", lastContactAt);
        if (secondsSinceContact == null) {
            json.addNull("secondsSinceContact");
        } else {
            json.add("secondsSinceContact", Math.round(secondsSinceContact * 10) / 10.0);
        }
        ClinicQueries.addNullable(json, "leader", leader);
        ClinicQueries.addNullable(json, "lastError", lastError);
        json.add("errorOpen", errorOpen);
        return json.build();
    }
}
