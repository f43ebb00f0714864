package io.clinicnode.appliance.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;

/**
 * Everything a node is told at start, read once from the {@code clinicnode} config subtree.
 *
 * @param dataDir             where the journal, the database and node identity live
 * @param host                address the web server binds to
 * @param httpPort            HTTP port; 0 picks a free one
 * @param clinicId            the clinic this node serves (fixed when the data directory is created)
 * @param country             ISO country code; decides how document numbers are checked (BR: CPF)
 * @param timeZone            the clinic's time zone: appointment times are local to it
 * @param sessionIdleTimeout  sessions end after this long without use
 * @param maxBodyBytes        largest accepted request body
 * @param passwordIterations  PBKDF2 iterations for new password hashes
 * @param adminPassword       password of the first {@code admin} user, used only when the data directory is new
 * @param cluster             how to join the clinic's cluster ({@code clinicnode.cluster.*}); empty: the node runs alone
 * @param dataKey             file of the key that encrypts the database and the journal ({@code clinicnode.data-key});
 *                            empty: they are not encrypted
 * @param connections         connection limits and timeouts of the web server
 * @param https               how to serve HTTPS ({@code clinicnode.https-port}, {@code clinicnode.tls-*}); empty: plain HTTP only
 * @param frontDesk           rules of the front desk's day ({@code clinicnode.no-show-grace-minutes})
 */
public record NodeConfig(Path dataDir, String host, int httpPort, String clinicId, String country, ZoneId timeZone,
                         Duration sessionIdleTimeout, int maxBodyBytes, int passwordIterations,
                         Optional<String> adminPassword, Optional<ClusterSettings> cluster, Optional<Path> dataKey,
                         ConnectionLimits connections, Optional<HttpsSettings> https, FrontDeskSettings frontDesk) {
    public static final String ROOT = "clinicnode";

    public static NodeConfig from(Config root) {
        Config config = root.get(ROOT);
        try {
            int httpPort = port(config.get("http-port").asInt().orElse(8080));
            return new NodeConfig(
                    Path.of(config.get("data-dir").asString().orElse("data")),
                    config.get("host").asString().orElse("0.0.0.0"),
                    httpPort,
                    config.get("clinic-id").asString().orElse("clinic"),
                    config.get("country").asString().orElse("BR"),
                    zone(config.get("time-zone").asString().orElse("America/Sao_Paulo")),
                    Duration.ofMinutes(positive("session-idle-minutes", config.get("session-idle-minutes").asInt().orElse(30))),
                    positive("max-body-bytes", config.get("max-body-bytes").asInt().orElse(64 * 1024)),
                    positive("password-iterations", config.get("password-iterations").asInt().orElse(210_000)),
                    config.get("admin-password").asString().asOptional().filter(password -> !password.isBlank()),
                    ClusterSettings.from(config.get("cluster")),
                    config.get("data-key").asString().asOptional().filter(file -> !file.isBlank()).map(Path::of),
                    ConnectionLimits.from(config),
                    HttpsSettings.from(config, httpPort),
                    FrontDeskSettings.from(config));
        } catch (ConfigException e) {
            throw new ApplianceException("Invalid node configuration: " + e.getMessage(), e);
        }
    }

    private static int port(int port) {
        if (port < 0 || port > 65535) {
            throw new ApplianceException("clinicnode.http-port must be between 0 and 65535, was " + port);
        }
        return port;
    }

    private static int positive(String key, int value) {
        if (value <= 0) {
            throw new ApplianceException("clinicnode." + key + " must be positive, was " + value);
        }
        return value;
    }

    private static ZoneId zone(String zone) {
        try {
            return ZoneId.of(zone);
        } catch (RuntimeException e) {
            throw new ApplianceException("clinicnode.time-zone '" + zone + "' is not a time zone such as America/Sao_Paulo");
        }
    }
}
