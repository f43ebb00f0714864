package io.clinicnode.installer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.clinicnode.appliance.config.NodeConfig;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import picocli.CommandLine.Option;

/** Options shared by the commands that start a node; they become the node's {@link NodeConfig}. */
final class NodeOptions {
    /** Where scripts and services put the first admin password: never on the command line. */
    static final String ADMIN_PASSWORD_ENV = "CLINICNODE_ADMIN_PASSWORD";

    @Option(names = "--data-dir", required = true, description = "Directory holding this node's journal and database.")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpPort;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--clinic-id", description = "Clinic this node serves; fixed when the data directory is created.")
    String clinicId;

    @Option(names = "--config", description = "YAML file with further settings (see docs/OPERATIONS.md).")
    Path configFile;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    NodeConfig toConfig(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put(NodeConfig.ROOT + ".data-dir", dataDir.toString());
        values.put(NodeConfig.ROOT + ".http-port", Integer.toString(httpPort));
        values.put(NodeConfig.ROOT + ".host", host);
        if (clinicId != null) {
            values.put(NodeConfig.ROOT + ".clinic-id", clinicId);
        }
        String adminPassword = System.getenv(ADMIN_PASSWORD_ENV);
        if (adminPassword != null && !adminPassword.isBlank()) {
            values.putIfAbsent(NodeConfig.ROOT + ".admin-password", adminPassword);
        }
        Config.Builder builder = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values));
        if (configFile != null) {
            if (!configFile.toFile().isFile()) {
                throw new IllegalArgumentException("The config file " + configFile + " does not exist.");
            }
            builder.addSource(ConfigSources.file(configFile));
        }
        return NodeConfig.from(builder.build());
    }
}
