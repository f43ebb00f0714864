package io.clinicnode.installer.upgrade;

import java.util.ArrayList;
import java.util.List;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One member of the clinic's cluster as {@code GET /api/cluster} reports it, with what an upgrade needs to know.
 * A member that did not answer has no release. Immutable.
 */
public record ClusterMember(String nodeId, boolean self, boolean leader, boolean reachable, long lag, Release release) {
    /** The members of a {@code GET /api/cluster} answer, oldest first. */
    public static List<ClusterMember> fromClusterReport(JsonObject cluster) {
        List<ClusterMember> members = new ArrayList<>();
        for (JsonValue value : cluster.getJsonArray("members")) {
            JsonObject member = value.asJsonObject();
            boolean reachable = member.getBoolean("reachable", false);
            Release release = reachable ? new Release(member.getString("version", "unknown"),
                    member.getInt("eventFormat", 1), member.getInt("messageFormat", 1)) : null;
            members.add(new ClusterMember(member.getString("nodeId"), member.getBoolean("self", false),
                    member.getBoolean("leader", false), reachable,
                    member.containsKey("lag") ? member.getJsonNumber("lag").longValue() : 0, release));
        }
        return members;
    }
}
