package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.appliance.demo.DemoData;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clinicnode demo}: a node on embedded defaults, filled with a demo clinic on first start. */
@Command(name = "demo", description = "Run a demo node with sample patients, practitioners and today's agenda.")
final class DemoCommand implements Callable<Integer> {
    static final String DEMO_PASSWORD = "demo1234";

    @Option(names = "--data-dir", defaultValue = "demo-data", description = "Directory for the demo node's data (default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    @Override
    public Integer call() throws InterruptedException {
        NodeOptions options = new NodeOptions();
        options.dataDir = dataDir;
        options.httpPort = httpPort;
        options.host = "0.0.0.0";
        options.clinicId = "demo-clinic";
        Node node = Node.start(options.toConfig(Map.of(NodeConfig.ROOT + ".admin-password", DEMO_PASSWORD)));
        DemoData.loadIfEmpty(node, DEMO_PASSWORD);
        System.out.println();
        System.out.println("ClinicNode demo clinic is running at http://127.0.0.1:" + node.port() + "/");
        System.out.println("  Log in as  recepcao / " + DEMO_PASSWORD + "   (front desk)");
        System.out.println("         or  admin    / " + DEMO_PASSWORD + "   (administrator)");
        System.out.println("  API description: http://127.0.0.1:" + node.port() + "/openapi   Health: http://127.0.0.1:"
                + node.port() + "/observe/health");
        System.out.println("Press Ctrl-C to stop. Data is kept in " + dataDir.toAbsolutePath() + ".");
        System.out.flush();
        NodeCommand.runUntilStopped(node);
        return ClinicNodeCli.OK;
    }
}
