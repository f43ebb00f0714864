package io.clinicnode.installer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.NodeExtension;
import io.clinicnode.appliance.demo.DemoData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code clinicnode node}: runs one node in the foreground until stopped (SIGTERM or Ctrl-C). */
@Command(name = "node", description = "Run a ClinicNode node in the foreground.")
final class NodeCommand implements Callable<Integer> {
    @Mixin
    NodeOptions options;

    /** Used by {@code clinicnode demo --nodes N} to fill its first node; not meant for real clinics. */
    @Option(names = "--demo-data", hidden = true, description = "Fill a new node with the demo clinic.")
    boolean demoData;

    @Override
    public Integer call() throws InterruptedException {
        options.createDataKeyIfAsked();
        List<NodeExtension> extensions = options.extensions();
        Node node = Node.start(options.toConfig(Map.of()), extensions);
        if (demoData) {
            DemoData.loadIfEmpty(node, DemoCommand.DEMO_PASSWORD);
        }
        System.out.println("ClinicNode " + node.identity().nodeId() + " (clinic " + node.identity().clinicId()
                + ") ready at " + (node.httpUrl().startsWith("https:") ? "https" : "http") + "://" + reachableHost(options.host)
                + ":" + node.port() + "/");
        System.out.flush();
        runUntilStopped(node);
        return ClinicNodeCli.OK;
    }

    /** The address to print for {@code host}: loopback for the wildcard (all interfaces), else the address itself. */
    static String reachableHost(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "[::]" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }

    /** Blocks until the JVM is asked to stop, then closes the node cleanly. */
    static void runUntilStopped(Node node) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "node-shutdown"));
        stopped.await();
    }
}
