package io.clinicnode.appliance.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.hazelcast.HazelcastMember;

import io.helidon.config.Config;

/**
 * How a node joins its clinic's cluster, read once from {@code clinicnode.cluster.*}. Present only when
 * {@code clinicnode.cluster.dir} is set; without it the node runs alone.
 *
 * <p>The bind address is never all interfaces: it is {@code clinicnode.cluster.bind} when given, else 127.0.0.1
 * when every peer is a loopback address (a cluster on one machine); otherwise the setting is required.
 *
 * @param directory   the cluster directory made by {@code clinicnode cluster-init} (credentials)
 * @param port        the cluster port (TLS); failure detection uses port + 100..103, shared state (Hazelcast) port + 200
 * @param peers       a static member list (TCPPING); empty means multicast discovery on the LAN
 * @param bindAddress the address the cluster transport listens on and the others reach this node at
 * @param joinTokens  the join-token ledger this node redeems from ({@code clinicnode.cluster.join-tokens}, written by
 *                    {@code clinicnode init} and {@code token create}); empty: this node does not serve
 *                    {@code POST /api/cluster/join}
 */
public record ClusterSettings(Path directory, int port, List<InetSocketAddress> peers, InetAddress bindAddress,
                              Optional<Path> joinTokens) {
    public static final String DIR = NodeConfig.ROOT + ".cluster.dir";
    public static final String PORT = NodeConfig.ROOT + ".cluster.port";
    public static final String PEERS = NodeConfig.ROOT + ".cluster.peers";
    public static final String BIND = NodeConfig.ROOT + ".cluster.bind";
    public static final String JOIN_TOKENS = NodeConfig.ROOT + ".cluster.join-tokens";

    public ClusterSettings {
        peers = List.copyOf(peers);
    }

    /** Reads the {@code cluster} subtree of the {@code clinicnode} config; empty when no cluster directory is set. */
    static Optional<ClusterSettings> from(Config cluster) {
        Optional<String> directory = cluster.get("dir").asString().asOptional().filter(dir -> !dir.isBlank());
        if (directory.isEmpty()) {
            for (String key : List.of("port", "peers", "bind", "join-tokens")) {
                if (cluster.get(key).exists()) {
                    throw new ApplianceException(NodeConfig.ROOT + ".cluster." + key + " is set but " + DIR
                            + " (--cluster-dir) is not; give the cluster directory made by `clinicnode cluster-init`.");
                }
            }
            return Optional.empty();
        }
        int port = cluster.get("port").asInt().orElse(ClusterChannel.DEFAULT_PORT);
        if (port < 1 || port > 65_535 - HazelcastMember.PORT_OFFSET) {
            throw new ApplianceException(PORT + " (--cluster-port) must be between 1 and " + (65_535 - HazelcastMember.PORT_OFFSET)
                    + ", was " + port + " (port + 100..103 are used for failure detection, port + 200 for shared sessions).");
        }
        List<InetSocketAddress> peers = cluster.get("peers").asString().asOptional().filter(text -> !text.isBlank())
                .map(ClusterSettings::peers).orElse(List.of());
        InetAddress bind = cluster.get("bind").asString().asOptional().filter(text -> !text.isBlank())
                .map(ClusterSettings::bindAddress)
                .orElseGet(() -> defaultBind(peers));
        Optional<Path> joinTokens = cluster.get("join-tokens").asString().asOptional().filter(text -> !text.isBlank()).map(Path::of);
        return Optional.of(new ClusterSettings(Path.of(directory.get()), port, peers, bind, joinTokens));
    }

    private static List<InetSocketAddress> peers(String text) {
        try {
            return ClusterChannel.parsePeers(text);
        } catch (IllegalArgumentException e) {
            throw new ApplianceException(PEERS + ": " + e.getMessage(), e);
        }
    }

    private static InetAddress bindAddress(String text) {
        InetAddress address;
        try {
            address = InetAddress.getByName(text.strip());
        } catch (UnknownHostException e) {
            throw new ApplianceException(BIND + " (--cluster-bind) '" + text + "' is not an address of this machine.");
        }
        if (address.isAnyLocalAddress()) {
            throw new ApplianceException(BIND + " (--cluster-bind) is " + text + " (all interfaces); give the one LAN"
                    + " address the other nodes reach this node at.");
        }
        return address;
    }

    private static InetAddress defaultBind(List<InetSocketAddress> peers) {
        if (!peers.isEmpty() && peers.stream().allMatch(peer -> peer.getAddress().isLoopbackAddress())) {
            return InetAddress.getLoopbackAddress();
        }
        throw new ApplianceException(BIND + " (--cluster-bind) is required unless every --peers entry is on this machine"
                + " (127.0.0.1): give this node's LAN address, e.g. --cluster-bind 192.168.1.20.");
    }
}
