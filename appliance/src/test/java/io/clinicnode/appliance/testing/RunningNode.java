package io.clinicnode.appliance.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.clinicnode.appliance.Node;
import io.clinicnode.appliance.config.NodeConfig;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * Starts a real node (real H2 file, real Chronicle journal) in a test's temp directory, on a free port. A node started
 * with an {@code https-port} is reached over HTTPS, trusting the CA it offers at {@code /ca.pem} on its plain port.
 */
public final class RunningNode implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "admin-secret-1";

    private final Node node;
    private final ApiClient plain;
    private final ApiClient api;

    private RunningNode(Node node) {
        this.node = node;
        this.plain = new ApiClient("http://127.0.0.1:" + node.httpPort());
        if (node.httpUrl().startsWith("https:")) {
            ApiClient.Response ca = plain.get("/ca.pem");
            this.api = ca.status() == 200
                    ? new ApiClient("https://127.0.0.1:" + node.port(), ApiClient.trusting(ca.body()))
                    : plain;
        } else {
            this.api = plain;
        }
    }

    public static RunningNode start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    public static RunningNode start(Path dataDir, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>();
        values.put("clinicnode.data-dir", dataDir.toString());
        values.put("clinicnode.host", "127.0.0.1");
        values.put("clinicnode.http-port", "0");
        values.put("clinicnode.admin-password", ADMIN_PASSWORD);
        // Fewer PBKDF2 rounds keep logins fast in tests; the hash format and check are the same.
        values.put("clinicnode.password-iterations", "1000");
        settings.forEach((key, value) -> values.put("clinicnode." + key, value));
        Config config = Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(values)).build();
        return new RunningNode(Node.start(NodeConfig.from(config)));
    }

    public Node node() {
        return node;
    }

    /** A client of the web app and API: over HTTPS when the node serves it. */
    public ApiClient api() {
        return api;
    }

    /** A client of the plain HTTP port (the same as {@link #api()} for a node without HTTPS). */
    public ApiClient plainApi() {
        return plain;
    }

    /** An API client logged in as the admin. */
    public ApiClient admin() {
        return api.login("admin", ADMIN_PASSWORD);
    }

    @Override
    public void close() {
        node.close();
    }
}
