package io.clinicnode.installer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.clinicnode.appliance.NodeExtension;
import io.clinicnode.appliance.atrest.DataKey;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.sync.agent.SyncAgent;
import io.clinicnode.sync.agent.SyncSettings;
import io.clinicnode.sync.central.CentralCredentials;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

import picocli.CommandLine.Option;

/** Options shared by the commands that start a node; they become the node's {@link NodeConfig}. */
public final class NodeOptions {
    /** Where scripts and services put the first admin password: never on the command line. */
    static final String ADMIN_PASSWORD_ENV = "CLINICNODE_ADMIN_PASSWORD";

    @Option(names = "--data-dir", required = true, description = "Directory holding this node's journal and database.")
    Path dataDir;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int httpPort;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--https-port", description = "Serve the web app and API over HTTPS on this port (0 picks a free one);"
            + " the --http-port then only redirects to it and offers /ca.pem and /observe/health.")
    Integer httpsPort;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "HTTPS certificate chain (PEM, the server's first);"
            + " without it the node issues one from the clinic CA (cluster) or its own CA (alone).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "Private key (PEM, mode 600) of --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "CA certificate (PEM) of --tls-cert, offered to the"
            + " desks at /ca.pem.")
    Path tlsCa;

    @Option(names = "--clinic-id", description = "Clinic this node serves; fixed when the data directory is created.")
    String clinicId;

    @Option(names = "--cluster-dir", description = "Cluster directory from `clinicnode cluster-init` (or a copy): join that"
            + " clinic's cluster. Without it the node runs alone.")
    Path clusterDir;

    @Option(names = "--cluster-port", description = "Cluster port (TLS; default 7800); failure detection uses port + 100..103, shared sessions port + 200.")
    Integer clusterPort;

    @Option(names = "--peers", paramLabel = "HOST:PORT,…", description = "The cluster's members (may include this node);"
            + " without it members are found by multicast on the LAN.")
    String peers;

    @Option(names = "--cluster-bind", paramLabel = "ADDR", description = "This node's LAN address for the cluster (default"
            + " 127.0.0.1 when every peer is on this machine; never all interfaces).")
    String clusterBind;

    @Option(names = "--central-url", paramLabel = "JDBC_URL", description = "Sync to this central PostgreSQL (when this"
            + " node leads its cluster), e.g. jdbc:postgresql://central:5432/clinicnode?sslmode=verify-full&sslrootcert=FILE.")
    String centralUrl;

    @Option(names = "--central-credentials", paramLabel = "FILE", description = "The clinic's central login, as written by"
            + " central-add-clinic (mode 600); without it " + CentralCredentials.USER_ENV + " and "
            + CentralCredentials.PASSWORD_ENV + " are used.")
    Path centralCredentials;

    @Option(names = "--data-key", paramLabel = "FILE", description = "Encrypt the database and the journal with the key in"
            + " FILE (mode 600, outside the data directory; fixed when the data directory is created). Without it the data"
            + " is not encrypted.")
    Path dataKey;

    @Option(names = "--create-data-key", description = "Create the --data-key FILE with a new random key when it does not exist.")
    boolean createDataKey;

    @Option(names = "--config", description = "YAML file with further settings (see docs/OPERATIONS.md).")
    Path configFile;

    @Option(names = "--verbose", description = "Show stack traces of errors.")
    boolean verbose;

    /**
     * What runs inside the node besides it: the sync agent when {@code --central-url} is given. Call before
     * {@link #toConfig}: the clinic id defaults to the credentials' clinic.
     */
    List<NodeExtension> extensions() {
        if (centralUrl == null) {
            if (centralCredentials != null) {
                throw new IllegalArgumentException("--central-credentials needs --central-url (where to sync to).");
            }
            return List.of();
        }
        CentralCredentials credentials;
        if (centralCredentials != null) {
            credentials = CentralCredentials.load(centralCredentials);
            if (clinicId == null) {
                clinicId = credentials.clinicId();
            } else if (!clinicId.equals(credentials.clinicId())) {
                throw new IllegalArgumentException("--clinic-id " + clinicId + " differs from the clinic of "
                        + centralCredentials + " (" + credentials.clinicId() + ").");
            }
        } else {
            if (clinicId == null) {
                throw new IllegalArgumentException("Syncing with credentials from the environment needs --clinic-id.");
            }
            credentials = CentralCredentials.fromEnvironment(clinicId, System.getenv()).orElseThrow(() ->
                    new IllegalArgumentException("--central-url needs the clinic's central login: --central-credentials FILE,"
                            + " or " + CentralCredentials.USER_ENV + " and " + CentralCredentials.PASSWORD_ENV + "."));
        }
        Config sync = config(Map.of()).get(NodeConfig.ROOT + ".sync");
        SyncSettings settings = SyncSettings.of(centralUrl, credentials);
        settings = settings.withRetry(
                sync.get("retry-base-ms").asLong().map(Duration::ofMillis).orElse(settings.retryBase()),
                sync.get("retry-max-ms").asLong().map(Duration::ofMillis).orElse(settings.retryMax()));
        return List.of(new SyncAgent(settings));
    }

    /** Creates the data key when asked to and it is missing; call before {@link #toConfig}. */
    void createDataKeyIfAsked() {
        if (!createDataKey) {
            return;
        }
        if (dataKey == null) {
            throw new IllegalArgumentException("--create-data-key needs --data-key FILE (where to put the key).");
        }
        if (!Files.exists(dataKey)) {
            DataKey.create(dataKey);
            System.err.println("Created a new data key in " + dataKey + ": keep a copy offline, without it the data"
                    + " cannot be read.");
        }
    }

    /**
     * The settings of a node that serves on a free loopback port only, for tools that drive a node in-process (the
     * benchmarks' data generator): the data directory, an optional YAML file, the environment's admin password.
     */
    public static NodeConfig loopbackConfig(Path dataDir, Path configFile) {
        NodeOptions options = new NodeOptions();
        options.dataDir = dataDir;
        options.httpPort = 0;
        options.host = "127.0.0.1";
        options.configFile = configFile;
        return options.toConfig(Map.of());
    }

    NodeConfig toConfig(Map<String, String> extra) {
        return NodeConfig.from(config(extra));
    }

    private Config config(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(extra);
        values.put(NodeConfig.ROOT + ".data-dir", dataDir.toString());
        values.put(NodeConfig.ROOT + ".http-port", Integer.toString(httpPort));
        values.put(NodeConfig.ROOT + ".host", host);
        if (clinicId != null) {
            values.put(NodeConfig.ROOT + ".clinic-id", clinicId);
        }
        if (httpsPort != null) {
            values.put(NodeConfig.ROOT + ".https-port", httpsPort.toString());
        }
        if (tlsCert != null) {
            values.put(NodeConfig.ROOT + ".tls-cert", tlsCert.toString());
        }
        if (tlsKey != null) {
            values.put(NodeConfig.ROOT + ".tls-key", tlsKey.toString());
        }
        if (tlsCa != null) {
            values.put(NodeConfig.ROOT + ".tls-ca", tlsCa.toString());
        }
        if (clusterDir != null) {
            values.put(NodeConfig.ROOT + ".cluster.dir", clusterDir.toString());
        }
        if (clusterPort != null) {
            values.put(NodeConfig.ROOT + ".cluster.port", clusterPort.toString());
        }
        if (peers != null) {
            values.put(NodeConfig.ROOT + ".cluster.peers", peers);
        }
        if (clusterBind != null) {
            values.put(NodeConfig.ROOT + ".cluster.bind", clusterBind);
        }
        if (dataKey != null) {
            values.put(NodeConfig.ROOT + ".data-key", dataKey.toString());
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
        return builder.build();
    }
}
