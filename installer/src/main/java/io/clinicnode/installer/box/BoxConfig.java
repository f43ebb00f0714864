package io.clinicnode.installer.box;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.installer.InstallerException;

import io.helidon.config.Config;
import io.helidon.config.ConfigSources;

/**
 * The installed node's settings file, {@code ROOT/etc/clinicnode/clinicnode.yaml}, in the node's own format (the
 * {@code clinicnode:} tree of docs/OPERATIONS.md): {@code init} and {@code join} write it once, the service reads it at
 * every start, and a technician may edit it. It holds paths and ports, never secrets. Stateless.
 */
public final class BoxConfig {
    private BoxConfig() {
    }

    /**
     * What {@code init} and {@code join} decide for a box.
     *
     * @param joinTokens whether this box keeps a join-token ledger (the first box, which holds the clinic CA's key)
     * @param ownTls     whether the HTTPS certificate is in {@link BoxLayout#tlsDir()} (a box that joined)
     * @param dataKey    whether the clinic encrypts its data at rest with {@link BoxLayout#dataKey()}
     */
    public record Settings(String clinicId, String clinicName, String country, String timeZone, String host, int httpPort,
                           int httpsPort, int clusterPort, String clusterBind, List<InetSocketAddress> peers,
                           boolean joinTokens, boolean ownTls, boolean dataKey) {
    }

    public static void write(BoxLayout layout, Settings settings) {
        StringBuilder yaml = new StringBuilder()
                .append("# ClinicNode node settings, written by `clinicnode ").append(settings.joinTokens() ? "init" : "join")
                .append("`. See docs/OPERATIONS.md; restart the service after a change.\n")
                .append("clinicnode:\n")
                .append("  clinic-id: ").append(quoted(settings.clinicId())).append('\n')
                .append("  clinic-name: ").append(quoted(settings.clinicName())).append('\n')
                .append("  country: ").append(quoted(settings.country())).append('\n')
                .append("  time-zone: ").append(quoted(settings.timeZone())).append('\n')
                .append("  data-dir: ").append(quoted(layout.dataDir().toString())).append('\n')
                .append("  host: ").append(quoted(settings.host())).append('\n')
                .append("  http-port: ").append(settings.httpPort()).append('\n')
                .append("  https-port: ").append(settings.httpsPort()).append('\n');
        if (settings.dataKey()) {
            yaml.append("  data-key: ").append(quoted(layout.dataKey().toString())).append('\n');
        }
        if (settings.ownTls()) {
            yaml.append("  tls-cert: ").append(quoted(layout.tlsDir().resolve(BoxTls.CERTIFICATE).toString())).append('\n')
                    .append("  tls-key: ").append(quoted(layout.tlsDir().resolve(BoxTls.KEY).toString())).append('\n')
                    .append("  tls-ca: ").append(quoted(layout.tlsDir().resolve(BoxTls.CA).toString())).append('\n');
        }
        yaml.append("  cluster:\n")
                .append("    dir: ").append(quoted(layout.clusterDir().toString())).append('\n')
                .append("    port: ").append(settings.clusterPort()).append('\n')
                .append("    bind: ").append(quoted(settings.clusterBind())).append('\n')
                .append("    peers: ").append(quoted(peers(settings.peers()))).append('\n');
        if (settings.joinTokens()) {
            yaml.append("    join-tokens: ").append(quoted(layout.joinTokens().toString())).append('\n');
        }
        try {
            Files.createDirectories(layout.configDir());
            Files.writeString(layout.configFile(), yaml.toString());
            // The launcher's umask is 077, but the service user must reach its files in here and read the settings
            // (which hold no secrets); the secrets inside stay mode 600, the service user's.
            Files.setPosixFilePermissions(layout.configDir(), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(layout.configFile(), PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new InstallerException("Cannot write " + layout.configFile() + ": " + e.getMessage(), e);
        }
    }

    /** The installed settings as the node reads them, {@code overrides} (e.g. the learned peers) taking precedence. */
    public static NodeConfig read(BoxLayout layout, Map<String, String> overrides) {
        return NodeConfig.from(config(layout, overrides));
    }

    /** One value of the settings file, e.g. {@code clinic-name}. */
    public static Optional<String> value(BoxLayout layout, String key) {
        return config(layout, Map.of()).get(NodeConfig.ROOT + "." + key).asString().asOptional();
    }

    /** Whether {@code init} or {@code join} already ran on this box. */
    public static boolean installed(BoxLayout layout) {
        return Files.exists(layout.configFile());
    }

    private static Config config(BoxLayout layout, Map<String, String> overrides) {
        Path file = layout.configFile();
        if (!Files.isRegularFile(file)) {
            throw new InstallerException("This box has no ClinicNode yet (" + file + " is missing); run `clinicnode init` on"
                    + " the clinic's first box or `clinicnode join TOKEN` on the others.");
        }
        return Config.builder().disableEnvironmentVariablesSource().disableSystemPropertiesSource()
                .addSource(ConfigSources.create(overrides))
                .addSource(ConfigSources.file(file))
                .build();
    }

    static String peers(List<InetSocketAddress> peers) {
        return peers.stream().map(BoxConfig::hostPort).collect(Collectors.joining(","));
    }

    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** A YAML double-quoted scalar: safe for any clinic name. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
