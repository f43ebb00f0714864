package io.clinicnode.cluster.hazelcast;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import javax.crypto.Mac;

import io.clinicnode.cluster.ClusterChannel;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.hazelcast.internal.ViewCheckedNodeContext;
import io.clinicnode.cluster.hazelcast.internal.ViewDiscoveryStrategyFactory;
import io.clinicnode.cluster.hazelcast.internal.ViewMembershipWatch;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.spi.properties.ClusterProperty;

/**
 * Starts this node's Hazelcast member for the clinic's shared state, with the JGroups view as the only source of
 * members: Hazelcast's own discovery (multicast, auto-detection, TCP-IP lists) is off, a discovery strategy hands it
 * the Hazelcast address that each member of the current {@link ClusterChannel} view advertises
 * ({@value #ADDRESS_ATTRIBUTE} attribute), and the master refuses a join request from anyone who is not in that
 * view at that address. Hazelcast listens only on the cluster bind address, never on all interfaces.
 *
 * <p>Hazelcast Community has no TLS and no member authentication: the JGroups view (mutual TLS with the clinic CA)
 * is what decides who may join, and whatever the caller keeps in Hazelcast must be unreadable without the cluster
 * key (see docs/ARCHITECTURE.md, "Shared state").
 *
 * <p>Stateless; {@link Builder#start()} may be called on any thread (it blocks while the member joins).
 */
public final class HazelcastMember {
    /** The JGroups attribute in which a member advertises its Hazelcast address, {@code HOST:PORT}. */
    public static final String ADDRESS_ATTRIBUTE = "hz";
    /** The Hazelcast member attribute holding the node id, checked against the JGroups view at join. */
    public static final String NODE_ID_ATTRIBUTE = "clinicnode.node-id";
    /** Hazelcast listens on the cluster port + this offset (JGroups has C, failure detection C+100..C+103). */
    public static final int PORT_OFFSET = 200;

    private HazelcastMember() {
    }

    /** The Hazelcast port that goes with a cluster port. */
    public static int portFor(int clusterPort) {
        int port = clusterPort + PORT_OFFSET;
        if (port > 65_535) {
            throw new IllegalArgumentException("The cluster port " + clusterPort + " leaves no room for the shared-state port "
                    + "(cluster port + " + PORT_OFFSET + "); choose a cluster port of at most " + (65_535 - PORT_OFFSET) + ".");
        }
        return port;
    }

    /** The value of the {@value #ADDRESS_ATTRIBUTE} attribute for a member listening on {@code address:port}. */
    public static String advertisedAddress(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The Hazelcast cluster name: derived from the cluster key, so a node of another clinic (another cluster-init)
     * never matches it. It travels in clear in Hazelcast's join messages, so it is a first filter, not a secret;
     * the join check against the JGroups view is what keeps strangers out.
     */
    public static String clusterName(ClusterCredentials credentials) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(credentials.clusterKey());
            byte[] digest = mac.doFinal("clinicnode hazelcast cluster name".getBytes(StandardCharsets.UTF_8));
            return "clinicnode-" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Describes the Hazelcast member of the node that owns {@code channel}. */
    public static Builder builder(ClusterChannel channel, ClusterCredentials credentials) {
        return new Builder(channel, credentials);
    }

    /** Not thread-safe; use it on one thread. */
    public static final class Builder {
        private final ClusterChannel channel;
        private final ClusterCredentials credentials;
        private InetAddress bindAddress;
        private int port;
        private Consumer<Config> customizer = config -> { };

        private Builder(ClusterChannel channel, ClusterCredentials credentials) {
            this.channel = Objects.requireNonNull(channel, "channel");
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            this.port = portFor(channel.port());
        }

        /** The cluster bind address (the node's LAN address); required, never all interfaces. */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = address;
            return this;
        }

        /** The Hazelcast port; by default the cluster port + {@value #PORT_OFFSET}. */
        public Builder port(int port) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("The shared-state port must be between 1 and 65535, was " + port + ".");
            }
            this.port = port;
            return this;
        }

        /** Adds the caller's data structures (maps, their merge policies, near caches) to the configuration. */
        public Builder configure(Consumer<Config> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * Starts the member and returns once it has joined the members of the current view (or founded the Hazelcast
         * cluster when it is alone). Hazelcast's own start takes about a second; see docs/PERFORMANCE.md.
         */
        public HazelcastInstance start() {
            if (bindAddress == null) {
                throw new IllegalArgumentException("The shared-state member needs the cluster bind address.");
            }
            Config config = config();
            customizer.accept(config);
            try {
                HazelcastInstance instance = HazelcastInstanceFactory.newHazelcastInstance(config, config.getInstanceName(),
                        new ViewCheckedNodeContext(channel));
                instance.getCluster().addMembershipListener(new ViewMembershipWatch(channel));
                return instance;
            } catch (RuntimeException e) {
                throw new ClusterException("Node " + channel.nodeId() + " could not start its shared-state member on "
                        + advertisedAddress(bindAddress, port) + " (is the port free and open between the nodes?): "
                        + e.getMessage(), e);
            }
        }

        private Config config() {
            Config config = new Config();
            config.setClusterName(clusterName(credentials));
            config.setInstanceName("clinicnode-" + channel.nodeId());
            config.setProperty("hazelcast.logging.type", slf4jPresent() ? "slf4j" : "jdk");
            config.setProperty(ClusterProperty.PHONE_HOME_ENABLED.getName(), "false");
            config.setProperty(ClusterProperty.SOCKET_BIND_ANY.getName(), "false");
            config.setProperty(ClusterProperty.DISCOVERY_SPI_ENABLED.getName(), "true");
            config.setProperty("hazelcast.local.localAddress", bindAddress.getHostAddress());
            // The JGroups view already says who is there: no need to wait for more members before joining.
            config.setProperty(ClusterProperty.WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
            config.setProperty(ClusterProperty.MAX_WAIT_SECONDS_BEFORE_JOIN.getName(), "0");
            // A member that stops answering is dropped after 5 s (JGroups: 3 s); a killed one at once (closed socket).
            config.setProperty(ClusterProperty.HEARTBEAT_INTERVAL_SECONDS.getName(), "1");
            config.setProperty(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS.getName(), "5");
            // After a LAN partition heals, JGroups merges within about 5 s; Hazelcast looks for the other side as often.
            config.setProperty(ClusterProperty.MERGE_FIRST_RUN_DELAY_SECONDS.getName(), "5");
            config.setProperty(ClusterProperty.MERGE_NEXT_RUN_DELAY_SECONDS.getName(), "5");
            // A clinic's shared state is a few thousand small entries: few partitions make joins and migrations quick.
            config.setProperty(ClusterProperty.PARTITION_COUNT.getName(), "31");
            // The node stops Hazelcast itself, after its last write (Node.close).
            config.setProperty(ClusterProperty.SHUTDOWNHOOK_ENABLED.getName(), "false");
            config.setProperty(ClusterProperty.HEALTH_MONITORING_LEVEL.getName(), "OFF");
            config.getMemberAttributeConfig().setAttribute(NODE_ID_ATTRIBUTE, channel.nodeId());
            config.getJetConfig().setEnabled(false);

            // Members only: with the advanced network on and nothing but the member endpoint configured, Hazelcast opens
            // no client endpoint at all, so a stock client that knows the cluster name (it travels in clear) finds no door,
            // and the member port refuses anything but the member protocol.
            AdvancedNetworkConfig network = config.getAdvancedNetworkConfig().setEnabled(true);
            network.setMemberEndpointConfig(new ServerSocketEndpointConfig()
                    .setPort(port).setPortAutoIncrement(false).setPortCount(1)
                    .setInterfaces(new InterfacesConfig().setEnabled(true).setInterfaces(List.of(bindAddress.getHostAddress()))));
            JoinConfig join = network.getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(new ViewDiscoveryStrategyFactory(channel)));
            return config;
        }
    }

    private static boolean slf4jPresent() {
        try {
            Class.forName("org.slf4j.LoggerFactory", false, HazelcastMember.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
