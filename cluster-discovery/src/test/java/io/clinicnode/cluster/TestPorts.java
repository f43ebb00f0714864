package io.clinicnode.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.clinicnode.cluster.hazelcast.HazelcastMember;

/** Free loopback ports for cluster members, chosen at run time so parallel test runs never clash. */
final class TestPorts {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private TestPorts() {
    }

    /** A port P such that P and FD_SOCK2's P+100..P+103 are free right now. */
    static int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = freePort();
            if (port + ClusterStack.FD_SOCK_OFFSET + ClusterStack.FD_SOCK_PORT_RANGE > 65_535) {
                continue;
            }
            if (isFree(port + ClusterStack.FD_SOCK_OFFSET) && isFree(port + ClusterStack.FD_SOCK_OFFSET + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port pair for a cluster member.");
    }

    /** Like {@link #freeClusterPort()}, and the shared-state (Hazelcast) port P+200 is free too. */
    static int freeClusterPortWithSharedState() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = freeClusterPort();
            if (port + HazelcastMember.PORT_OFFSET <= 65_535 && isFree(port + HazelcastMember.PORT_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback ports for a cluster member with shared state.");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(LOOPBACK, port);
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
