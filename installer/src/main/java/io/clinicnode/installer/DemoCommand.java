package io.clinicnode.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.appliance.demo.DemoData;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.installer.process.NodeClient;
import io.clinicnode.installer.process.NodeProcess;

import jakarta.json.JsonObject;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code clinicnode demo}: a demo clinic filled with sample data on first start. With {@code --nodes 1} (the default)
 * one node runs in this JVM; with {@code --nodes N} (2–5) a whole demo cluster runs on this machine: N child JVMs,
 * each {@code clinicnode node} with a data directory of its own under the demo directory, one shared cluster
 * directory (created by cluster-init when missing), and every node in the static peer list on 127.0.0.1.
 */
@Command(name = "demo", description = "Run a demo clinic (one node, or --nodes N as a cluster on this machine) with sample"
        + " patients, practitioners and today's agenda.")
final class DemoCommand implements Callable<Integer> {
    static final String DEMO_PASSWORD = "demo1234";
    static final String DEMO_CLINIC = "demo-clinic";
    static final int MAX_NODES = 5;
    private static final Duration CLUSTER_DEADLINE = Duration.ofSeconds(90);

    @Option(names = "--data-dir", defaultValue = "demo-data", description = "Directory for the demo's data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port of the (first) node; node i uses this + i - 1"
            + " (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--nodes", defaultValue = "1", description = "How many nodes, 1 to " + MAX_NODES + " (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--cluster-port", defaultValue = "7800", description = "Cluster port of the first node; node i uses this"
            + " + i - 1, failure detection + 100..103, shared sessions + 200 (default ${DEFAULT-VALUE}).")
    int clusterPort;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new ParameterException(spec.commandLine(), "--nodes must be between 1 and " + MAX_NODES + ", was " + nodes + ".");
        }
        return nodes == 1 ? runOneNode() : runCluster();
    }

    private int runOneNode() throws InterruptedException {
        NodeOptions options = new NodeOptions();
        options.dataDir = dataDir;
        options.httpPort = httpPort;
        options.host = "0.0.0.0";
        options.clinicId = DEMO_CLINIC;
        Node node = Node.start(options.toConfig(Map.of(NodeConfig.ROOT + ".admin-password", DEMO_PASSWORD)));
        DemoData.loadIfEmpty(node, DEMO_PASSWORD);
        System.out.println();
        System.out.println("ClinicNode demo clinic is running at http://127.0.0.1:" + node.port() + "/");
        printLogin();
        System.out.println("  API description: http://127.0.0.1:" + node.port() + "/openapi   Health: http://127.0.0.1:"
                + node.port() + "/observe/health");
        System.out.println("Press Ctrl-C to stop. Data is kept in " + dataDir.toAbsolutePath() + ".");
        System.out.flush();
        NodeCommand.runUntilStopped(node);
        return ClinicNodeCli.OK;
    }

    private int runCluster() throws InterruptedException {
        Path clusterDir = dataDir.resolve("cluster").toAbsolutePath();
        if (!Files.isDirectory(clusterDir)) {
            ClusterCredentials credentials = ClusterInit.create(clusterDir);
            System.out.println("Created the demo clinic's cluster credentials in " + clusterDir + " (CA SHA-256 "
                    + credentials.caFingerprint() + ").");
        }
        String peers = IntStream.range(0, nodes)
                .mapToObj(index -> "127.0.0.1:" + (clusterPort + index)).collect(Collectors.joining(","));
        List<NodeProcess> children = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAll(children);
            stopped.countDown();
        }, "demo-shutdown"));
        System.out.println("Starting " + nodes + " demo nodes (cluster ports " + peers + ")...");
        System.out.flush();
        try {
            // The first node founds the cluster (after the join timeout); the others then join it together.
            NodeProcess first = start(0, clusterDir, peers);
            synchronized (children) {
                children.add(first);
            }
            List<Future<NodeProcess>> others = new ArrayList<>();
            try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int index = 1; index < nodes; index++) {
                    int node = index;
                    others.add(starter.submit(() -> start(node, clusterDir, peers)));
                }
            }
            RuntimeException failure = null;
            for (Future<NodeProcess> other : others) {
                try {
                    NodeProcess child = other.get();
                    synchronized (children) {
                        children.add(child);
                    }
                } catch (ExecutionException e) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause
                            : new InstallerException(e.getCause().getMessage(), e.getCause());
                }
            }
            if (failure != null) {
                throw failure;
            }
            awaitOneView(children);
        } catch (RuntimeException e) {
            stopAll(children);
            throw e;
        }
        System.out.println();
        System.out.println("ClinicNode demo clinic is running as a cluster of " + nodes + " nodes:");
        for (int index = 0; index < children.size(); index++) {
            NodeProcess child = children.get(index);
            System.out.println("  " + child.baseUri() + "/   " + child.nodeId() + (index == 0 ? "  (loaded the demo data)" : "")
                    + "   data in " + child.dataDir());
        }
        printLogin();
        System.out.println("  The cluster as the admin sees it: GET /api/cluster on any node.");
        System.out.println("  Every node holds the same data: a change made on one shows on the others at once.");
        System.out.println("Press Ctrl-C to stop every node. Data is kept in " + dataDir.toAbsolutePath() + ".");
        System.out.flush();
        stopped.await();
        return ClinicNodeCli.OK;
    }

    private NodeProcess start(int index, Path clusterDir, String peers) {
        List<String> arguments = new ArrayList<>(List.of("--clinic-id", DEMO_CLINIC, "--cluster-dir", clusterDir.toString(),
                "--cluster-port", Integer.toString(clusterPort + index), "--peers", peers));
        if (index == 0) {
            arguments.add("--demo-data");
        }
        return NodeProcess.builder(dataDir.resolve("node-" + (index + 1)))
                .adminPassword(DEMO_PASSWORD)
                .httpPort(httpPort + index)
                .arguments(arguments)
                .readyTimeout(Duration.ofSeconds(60))
                .start();
    }

    /** Polls every node's {@code /api/cluster} as admin until each sees all of them in one view with one leader. */
    private void awaitOneView(List<NodeProcess> children) throws InterruptedException {
        Set<String> expected = children.stream().map(NodeProcess::nodeId).collect(Collectors.toSet());
        List<NodeClient> admins = new ArrayList<>();
        for (NodeProcess child : children) {
            try {
                admins.add(NodeClient.to(child.baseUri()).login("admin", DEMO_PASSWORD));
            } catch (IOException e) {
                throw new InstallerException("Cannot log in to the demo node at " + child.baseUri() + ": " + e.getMessage(), e);
            }
        }
        long deadline = System.nanoTime() + CLUSTER_DEADLINE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            Set<String> leaders = new HashSet<>();
            boolean allSeeAll = true;
            for (NodeClient admin : admins) {
                try {
                    JsonObject view = admin.get("/api/cluster").json();
                    Set<String> members = view.getJsonArray("members").getValuesAs(JsonObject.class).stream()
                            .map(member -> member.getString("nodeId")).collect(Collectors.toSet());
                    leaders.add(view.getString("leader"));
                    allSeeAll &= members.equals(expected);
                    last = admin.baseUri() + " sees " + members;
                } catch (IOException | RuntimeException e) {
                    allSeeAll = false;
                    last = admin.baseUri() + ": " + e.getMessage();
                }
            }
            if (allSeeAll && leaders.size() == 1) {
                return;
            }
            Thread.sleep(200);
        }
        throw new InstallerException("The " + nodes + " demo nodes did not form one cluster within " + CLUSTER_DEADLINE.toSeconds()
                + " s (last: " + last + "). Check that cluster ports " + clusterPort + ".." + (clusterPort + nodes - 1)
                + ", " + (clusterPort + 100) + ".." + (clusterPort + nodes + 102) + " and " + (clusterPort + 200) + ".."
                + (clusterPort + nodes + 199) + " are free.");
    }

    private static void stopAll(List<NodeProcess> children) {
        List<NodeProcess> running;
        synchronized (children) {
            running = List.copyOf(children);
        }
        running.reversed().parallelStream().forEach(child -> {
            try {
                child.close();
            } catch (RuntimeException e) {
                System.err.println("Could not stop the demo node " + child.nodeId() + ": " + e.getMessage());
            }
        });
    }

    private static void printLogin() {
        System.out.println("  Log in as  recepcao / " + DEMO_PASSWORD + "   (front desk)");
        System.out.println("         or  admin    / " + DEMO_PASSWORD + "   (administrator)");
    }
}
