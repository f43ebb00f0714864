package io.clinicnode.installer.box;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.installer.InstallerException;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The node of a box, over its HTTPS port with the clinic CA pinned, logged in as the admin when asked to (the password
 * from {@link AdminPassword#ENV} or typed): what {@code status} and {@code upgrade} read. One per command; not
 * thread-safe.
 */
public final class BoxAdmin implements AutoCloseable {
    private final NodeHttp http;
    private Optional<String> session = Optional.empty();

    private BoxAdmin(NodeHttp http) {
        this.http = http;
    }

    public static BoxAdmin open(BoxLayout layout) {
        ClusterCredentials credentials = ClusterCredentials.load(layout.clusterDir());
        return new BoxAdmin(new NodeHttp(baseUri(layout), credentials.caFingerprint()));
    }

    /** Where this box's node serves the desks, from its settings: HTTPS when configured, on loopback for the wildcard. */
    public static URI baseUri(BoxLayout layout) {
        NodeConfig config = BoxConfig.read(layout, Map.of());
        String host = NetworkAddresses.isWildcard(config.host()) ? "127.0.0.1" : config.host();
        int port = config.https().map(https -> https.port()).orElse(config.httpPort());
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/");
    }

    public NodeHttp http() {
        return http;
    }

    /** {@code GET /api/cluster} as the admin; throws with a sentence when the login is not possible or refused. */
    public JsonObject cluster() throws IOException, InterruptedException {
        NodeHttp.Answer cluster = http.get("api/cluster", Optional.of(login()));
        if (cluster.status() != 200) {
            throw new InstallerException("The node answered HTTP " + cluster.status() + " for its cluster's state.");
        }
        return cluster.body();
    }

    private String login() throws IOException, InterruptedException {
        if (session.isEmpty()) {
            String password = AdminPassword.forLogin().orElseThrow(() -> new InstallerException("Set " + AdminPassword.ENV
                    + " to the admin's password (or run this in a terminal) to read the cluster's state."));
            NodeHttp.Answer login = http.post("api/session", Json.createObjectBuilder().add("username", "admin")
                    .add("password", password).build());
            if (login.status() != 200) {
                throw new InstallerException("The admin login was refused (HTTP " + login.status() + "); check "
                        + AdminPassword.ENV + ".");
            }
            session = Optional.of(login.body().getString("token"));
        }
        return session.get();
    }

    /** Logs out (when logged in) and closes the connection. */
    @Override
    public void close() {
        try {
            if (session.isPresent()) {
                http.delete("api/session", session);
            }
        } catch (IOException e) {
            // The session expires by itself.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            http.close();
        }
    }
}
