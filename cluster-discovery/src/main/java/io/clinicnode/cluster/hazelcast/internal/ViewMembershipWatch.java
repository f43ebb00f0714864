package io.clinicnode.cluster.hazelcast.internal;

import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;

/**
 * Logs a warning when a Hazelcast member that is not in the JGroups view shows up. The join check keeps such members
 * out; this is the alarm should anything slip past it (e.g. after a Hazelcast upgrade changed the join path).
 * Thread-safe.
 */
public final class ViewMembershipWatch implements MembershipListener {
    private static final System.Logger LOG = System.getLogger(ViewMembershipWatch.class.getName());

    private final ClusterChannel channel;

    public ViewMembershipWatch(ClusterChannel channel) {
        this.channel = channel;
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        String nodeId = event.getMember().getAttribute(HazelcastMember.NODE_ID_ATTRIBUTE);
        if (nodeId == null || !channel.membership().members().contains(nodeId)) {
            LOG.log(System.Logger.Level.WARNING, "Shared-state member {0} ({1}) is not in the cluster view {2}",
                    event.getMember().getAddress(), nodeId, channel.membership().members());
        } else {
            LOG.log(System.Logger.Level.INFO, "Shared-state member {0} joined at {1}", nodeId, event.getMember().getAddress());
        }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        LOG.log(System.Logger.Level.INFO, "Shared-state member {0} left ({1})",
                event.getMember().getAttribute(HazelcastMember.NODE_ID_ATTRIBUTE), event.getMember().getAddress());
    }
}
