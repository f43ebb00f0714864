package io.clinicnode.appliance.replication;

import io.clinicnode.cluster.ClusterChannel;

/**
 * Which replication format version to write to whom. Each member says, in an attribute of its cluster address
 * ({@link #ATTRIBUTE}), the newest version it reads; a member that says nothing is of a ClinicNode version from
 * before versions, and reads {@link EventCodec#LEGACY} only. A node writes to a member the older of that and its own,
 * to every member at once the oldest of all, and answers a question in the question's version: so nodes of two
 * versions replicate with each other during a rolling upgrade.
 *
 * <p>Stateless.
 */
final class PeerVersions {
    /** The attribute key; its value is the version in decimal. */
    static final String ATTRIBUTE = "replication-version";

    private PeerVersions() {
    }

    /** The version {@code member} reads, capped at this node's. */
    static int of(ClusterChannel channel, String member) {
        int theirs = channel.attribute(member, ATTRIBUTE).map(PeerVersions::parse).orElse(EventCodec.LEGACY);
        return Math.min(theirs, EventCodec.VERSION);
    }

    /** The version every other member of the view reads. */
    static int ofAll(ClusterChannel channel) {
        return channel.membership().members().stream()
                .filter(member -> !member.equals(channel.nodeId()))
                .mapToInt(member -> of(channel, member))
                .min().orElse(EventCodec.VERSION);
    }

    private static int parse(String value) {
        try {
            return Math.max(EventCodec.LEGACY, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return EventCodec.LEGACY;
        }
    }
}
