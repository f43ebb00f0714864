package io.clinicnode.cluster.hazelcast.internal;

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.cluster.Address;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;

/**
 * Hazelcast's members are the members of the current JGroups view: each advertises its Hazelcast address as the
 * {@value HazelcastMember#ADDRESS_ATTRIBUTE} attribute. Hazelcast asks again when it looks for members to join or
 * to merge with after a partition, so it always sees the view of that moment. Thread-safe.
 */
final class ViewDiscoveryStrategy extends AbstractDiscoveryStrategy {
    private final ClusterChannel channel;

    ViewDiscoveryStrategy(ClusterChannel channel, ILogger logger, Map<String, Comparable> properties) {
        super(logger, properties);
        this.channel = channel;
    }

    @Override
    public Iterable<DiscoveryNode> discoverNodes() {
        List<DiscoveryNode> nodes = new ArrayList<>();
        for (String member : channel.membership().members()) {
            Optional<String> advertised = channel.attribute(member, HazelcastMember.ADDRESS_ATTRIBUTE);
            if (advertised.isEmpty()) {
                getLogger().fine("Cluster member " + member + " advertises no shared-state address; skipped");
                continue;
            }
            try {
                nodes.add(new SimpleDiscoveryNode(parse(advertised.get())));
            } catch (UnknownHostException | IllegalArgumentException e) {
                getLogger().warning("Cluster member " + member + " advertises an unusable shared-state address '"
                        + advertised.get() + "': " + e.getMessage());
            }
        }
        return nodes;
    }

    /** {@code HOST:PORT} or {@code [V6]:PORT} → a Hazelcast address. */
    static Address parse(String hostAndPort) throws UnknownHostException {
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT");
        }
        String host = hostAndPort.substring(0, colon).replace("[", "").replace("]", "");
        return new Address(host, Integer.parseInt(hostAndPort.substring(colon + 1)));
    }
}
