package io.clinicnode.appliance.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free loopback ports for in-process cluster members. */
public final class TestPorts {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private TestPorts() {
    }

    /** A loopback port whose neighbours the cluster also uses (port + 100..103, + 200) are free too. */
    public static int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free loopback port", e);
            }
            if (port + 203 <= 65_535 && isFree(port + 100) && isFree(port + 101) && isFree(port + 102)
                    && isFree(port + 103) && isFree(port + 200)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port for a cluster member");
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
