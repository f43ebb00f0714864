package io.clinicnode.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.clinicnode.cluster.hazelcast.HazelcastMember;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shared-state member opens no door to Hazelcast clients: a stock client that knows the cluster name (it travels
 * in clear) cannot connect to the member's port (the only one it opens, which speaks the member protocol alone), so it
 * can neither read the sessions nor clear the login counts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SharedStateDoorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path temp;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    @Test
    void aStockClientWithTheClusterNameCannotConnectToTheMember() {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("cluster"));
        int clusterPort = TestPorts.freeClusterPortWithSharedState();
        int sharedPort = HazelcastMember.portFor(clusterPort);
        ClusterChannel channel = ClusterChannel.builder("node-door", credentials)
                .bindAddress(TestPorts.LOOPBACK).port(clusterPort).peers("127.0.0.1:" + clusterPort)
                .attribute(HazelcastMember.ADDRESS_ATTRIBUTE, HazelcastMember.advertisedAddress(TestPorts.LOOPBACK, sharedPort))
                .connect();
        opened.add(channel);
        channel.awaitMemberCount(1, DEADLINE);
        HazelcastInstance member = HazelcastMember.builder(channel, credentials).bindAddress(TestPorts.LOOPBACK).start();
        opened.add(member::shutdown);
        member.getMap("clinicnode.sessions").put("some-token-hash", "sealed session");

        ClientConfig client = new ClientConfig();
        client.setClusterName(HazelcastMember.clusterName(credentials));
        client.setProperty("hazelcast.logging.type", "jdk");
        client.setProperty("hazelcast.phone.home.enabled", "false");
        client.getNetworkConfig().addAddress("127.0.0.1:" + sharedPort).setSmartRouting(false);
        client.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(3_000);

        assertThatThrownBy(() -> {
            HazelcastInstance stranger = HazelcastClient.newHazelcastClient(client);
            try {
                stranger.getMap("clinicnode.sessions").get("some-token-hash");
            } finally {
                stranger.shutdown();
            }
        }).isInstanceOf(IllegalStateException.class).hasMessageContaining("Unable to connect");
        assertThat(member.getCluster().getMembers()).hasSize(1);
        assertThat(member.getClientService().getConnectedClients()).isEmpty();
    }

    /** With the advanced network on, the member endpoint still binds to the cluster address alone, never to all interfaces. */
    @Test
    void theMemberListensOnTheClusterAddressOnly() throws Exception {
        ClusterCredentials credentials = ClusterInit.create(temp.resolve("cluster"));
        int clusterPort = TestPorts.freeClusterPortWithSharedState();
        int sharedPort = HazelcastMember.portFor(clusterPort);
        ClusterChannel channel = ClusterChannel.builder("node-bound", credentials)
                .bindAddress(TestPorts.LOOPBACK).port(clusterPort).peers("127.0.0.1:" + clusterPort)
                .attribute(HazelcastMember.ADDRESS_ATTRIBUTE, HazelcastMember.advertisedAddress(TestPorts.LOOPBACK, sharedPort))
                .connect();
        opened.add(channel);
        HazelcastInstance member = HazelcastMember.builder(channel, credentials).bindAddress(TestPorts.LOOPBACK).start();
        opened.add(member::shutdown);

        List<InetAddress> others = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .toList();
        for (InetAddress other : others) {
            try (Socket socket = new Socket()) {
                assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other, sharedPort), 1_000))
                        .as("the shared-state port on %s", other).isInstanceOf(IOException.class);
            }
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(TestPorts.LOOPBACK, sharedPort), 1_000);
        }
    }
}
