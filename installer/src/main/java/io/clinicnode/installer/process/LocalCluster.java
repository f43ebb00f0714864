package io.clinicnode.installer.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.InstallerException;

/**
 * A clinic cluster of real node processes on this machine's loopback, for tests and benchmarks: one
 * {@code cluster-init} directory, a free cluster port per member, every member listing every port as its peers, a
 * data directory per member under one work directory. Closing it kills whatever is still running.
 *
 * <p>Thread-safe.
 */
public final class LocalCluster implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final Path work;
    private final Path clusterDir;
    private final String adminPassword;
    private final Path configFile;
    private final Duration readyTimeout;
    private final List<Integer> ports = new ArrayList<>();
    private final String peers;
    private final List<NodeProcess> started = new ArrayList<>();
    private volatile List<String> extraArguments = List.of();

    /**
     * @param work          where the credentials and each member's data directory go ({@code node-0}, {@code node-1}…)
     * @param size          how many members
     * @param configFile    the node configuration file every member gets (may be null)
     */
    public LocalCluster(Path work, int size, String adminPassword, Path configFile, Duration readyTimeout) {
        this.work = work;
        this.clusterDir = work.resolve("clinic-cluster");
        this.adminPassword = adminPassword;
        this.configFile = configFile;
        this.readyTimeout = readyTimeout;
        ClusterInit.create(clusterDir);
        for (int i = 0; i < size; i++) {
            ports.add(freeClusterPort());
        }
        this.peers = ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    public int size() {
        return ports.size();
    }

    /** More node options every member started from now on gets (e.g. {@code --central-url}). */
    public LocalCluster arguments(List<String> arguments) {
        this.extraArguments = List.copyOf(arguments);
        return this;
    }

    /** Starts member {@code index} (0-based) on its own data directory, or restarts it on the same one. */
    public NodeProcess start(int index) {
        List<String> arguments = new ArrayList<>(List.of("--cluster-dir", clusterDir.toString(),
                "--cluster-port", Integer.toString(ports.get(index)), "--peers", peers));
        arguments.addAll(extraArguments);
        NodeProcess.Builder builder = NodeProcess.builder(work.resolve("node-" + index))
                .adminPassword(adminPassword)
                .arguments(arguments)
                .readyTimeout(readyTimeout);
        if (configFile != null) {
            builder.configFile(configFile);
        }
        NodeProcess node = builder.start();
        synchronized (started) {
            started.add(node);
        }
        return node;
    }

    /** Starts every member, the first alone (it founds the cluster and creates the admin), then the others. */
    public List<NodeProcess> startAll() {
        List<NodeProcess> nodes = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            nodes.add(start(i));
        }
        return nodes;
    }

    @Override
    public void close() {
        List<NodeProcess> all;
        synchronized (started) {
            all = List.copyOf(started);
        }
        all.parallelStream().filter(NodeProcess::isAlive).forEach(NodeProcess::kill);
    }

    /**
     * A port P such that P, failure detection's P+100 and P+101 and the shared state's (Hazelcast's) P+200 are free on
     * loopback right now.
     */
    public static int freeClusterPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                port = socket.getLocalPort();
            } catch (IOException e) {
                throw new InstallerException("No free loopback port: " + e.getMessage(), e);
            }
            if (port + 203 <= 65_535 && isFree(port + 100) && isFree(port + 101) && isFree(port + 200)) {
                return port;
            }
        }
        throw new InstallerException("No free loopback port for a cluster member.");
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
