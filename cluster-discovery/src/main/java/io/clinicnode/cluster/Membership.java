package io.clinicnode.cluster;

import java.util.List;
import java.util.Objects;

/**
 * A view of the clinic's cluster as this node sees it: the members, in the order they joined, and the
 * leader (the oldest member), which runs the cluster-wide singletons such as the sync agent.
 *
 * @param self    this node's id
 * @param members every member's id, oldest first; always contains {@code self}
 */
public record Membership(String self, List<String> members) {
    public Membership {
        Objects.requireNonNull(self, "self");
        members = List.copyOf(members);
        if (!members.contains(self)) {
            throw new IllegalArgumentException("A membership view must contain this node (" + self + "), was " + members);
        }
    }

    /** The view of a node that runs alone: it is the only member and its own leader. */
    public static Membership standalone(String self) {
        return new Membership(self, List.of(self));
    }

    public String leader() {
        return members.getFirst();
    }

    public boolean isLeader() {
        return leader().equals(self);
    }
}
