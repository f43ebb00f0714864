package io.clinicnode.cluster.hazelcast.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.cluster.Address;
import com.hazelcast.instance.impl.DefaultNodeContext;
import com.hazelcast.instance.impl.DefaultNodeExtension;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.instance.impl.NodeExtension;
import com.hazelcast.internal.cluster.impl.JoinMessage;
import com.hazelcast.internal.cluster.impl.JoinRequest;

/**
 * Hazelcast's node context with one change: the master admits a join request only from a member of the current
 * JGroups view, joining from the Hazelcast address that member advertises in the view. Hazelcast Community has no
 * public hook for this; the node extension's {@code validateJoinRequest} is where Hazelcast itself checks joiners
 * (versions), and a failure there makes the master send the joiner a "before join check failed" answer, upon which
 * the joiner shuts down. Internal Hazelcast API: re-check it on every Hazelcast upgrade (ViewJoinCheckTest does).
 */
public final class ViewCheckedNodeContext extends DefaultNodeContext {
    /** A joiner may reach Hazelcast a moment before the view that contains it reaches this member. */
    static final Duration VIEW_WAIT = Duration.ofSeconds(3);

    private final ClusterChannel channel;

    public ViewCheckedNodeContext(ClusterChannel channel) {
        this.channel = channel;
    }

    @Override
    public NodeExtension createNodeExtension(Node node) {
        return new ViewCheckedExtension(node, channel);
    }

    private static final class ViewCheckedExtension extends DefaultNodeExtension {
        private final ClusterChannel channel;

        ViewCheckedExtension(Node node, ClusterChannel channel) {
            super(node);
            this.channel = channel;
        }

        @Override
        public void validateJoinRequest(JoinMessage joinMessage) {
            super.validateJoinRequest(joinMessage);
            if (!(joinMessage instanceof JoinRequest request)) {
                return;
            }
            String nodeId = request.getAttributes().get(HazelcastMember.NODE_ID_ATTRIBUTE);
            if (nodeId == null) {
                throw new IllegalStateException("Refused a shared-state member at " + request.getAddress()
                        + ": it names no node id, so it is not a ClinicNode member of this clinic.");
            }
            if (!channel.membership().members().contains(nodeId)) {
                try {
                    channel.awaitMembers(List.of(nodeId), VIEW_WAIT);
                } catch (ClusterException e) {
                    throw new IllegalStateException("Refused a shared-state member at " + request.getAddress() + " calling itself "
                            + nodeId + ": it is not in the cluster view " + channel.membership().members() + ".");
                }
            }
            Optional<String> advertised = channel.attribute(nodeId, HazelcastMember.ADDRESS_ATTRIBUTE);
            if (advertised.isEmpty() || !sameAddress(advertised.get(), request.getAddress())) {
                throw new IllegalStateException("Refused a shared-state member at " + request.getAddress() + " calling itself "
                        + nodeId + ": that member advertises " + advertised.orElse("no shared-state address") + " in the cluster view.");
            }
        }

        private static boolean sameAddress(String advertised, Address joining) {
            try {
                Address expected = ViewDiscoveryStrategy.parse(advertised);
                return expected.getPort() == joining.getPort()
                        && InetAddress.getByName(expected.getHost()).equals(InetAddress.getByName(joining.getHost()));
            } catch (UnknownHostException | IllegalArgumentException e) {
                return false;
            }
        }
    }
}
