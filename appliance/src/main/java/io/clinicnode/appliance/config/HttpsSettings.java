package io.clinicnode.appliance.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;

import io.helidon.config.Config;

/**
 * How a node serves the desks over HTTPS, read once from {@code clinicnode.https-port} and {@code clinicnode.tls-*}.
 * Present only when {@code clinicnode.https-port} is set; without it the node serves plain HTTP as before.
 *
 * <p>The certificate is the technician's own when {@code tls-cert} and {@code tls-key} are given (PEM, the server's
 * certificate first, then its issuers; {@code tls-ca} is the CA desks should trust, offered at {@code /ca.pem});
 * otherwise the node issues one itself from the clinic CA (cluster) or from a CA of its own (a node alone).
 *
 * @param port        HTTPS port; 0 picks a free one
 * @param certificate the technician's certificate chain (PEM), with {@code key}
 * @param key         the private key of {@code certificate} (PEM, mode 600)
 * @param ca          the CA certificate (PEM) that issued {@code certificate}, served at {@code /ca.pem}
 */
public record HttpsSettings(int port, Optional<Path> certificate, Optional<Path> key, Optional<Path> ca) {
    public static final String PORT = NodeConfig.ROOT + ".https-port";
    public static final String CERTIFICATE = NodeConfig.ROOT + ".tls-cert";
    public static final String KEY = NodeConfig.ROOT + ".tls-key";
    public static final String CA = NodeConfig.ROOT + ".tls-ca";

    /** Reads the settings from the {@code clinicnode} config; empty when no HTTPS port is set. */
    static Optional<HttpsSettings> from(Config node, int httpPort) {
        Optional<Path> certificate = path(node.get("tls-cert"));
        Optional<Path> key = path(node.get("tls-key"));
        Optional<Path> ca = path(node.get("tls-ca"));
        Optional<Integer> port = node.get("https-port").asInt().asOptional();
        if (port.isEmpty()) {
            for (String setting : List.of("tls-cert", "tls-key", "tls-ca")) {
                if (node.get(setting).exists()) {
                    throw new ApplianceException(NodeConfig.ROOT + "." + setting + " (--" + setting + ") is set but " + PORT
                            + " (--https-port) is not; give the HTTPS port the desks connect to.");
                }
            }
            return Optional.empty();
        }
        if (port.get() < 0 || port.get() > 65535) {
            throw new ApplianceException(PORT + " (--https-port) must be between 0 and 65535, was " + port.get());
        }
        if (port.get() != 0 && port.get() == httpPort) {
            throw new ApplianceException(PORT + " (--https-port) and " + NodeConfig.ROOT + ".http-port (--http-port) are both "
                    + httpPort + "; give them different ports (e.g. 8443 and 8080).");
        }
        if (certificate.isPresent() != key.isPresent()) {
            throw new ApplianceException(certificate.isPresent()
                    ? KEY + " (--tls-key) is required with " + CERTIFICATE + " (--tls-cert): give the certificate's private key."
                    : CERTIFICATE + " (--tls-cert) is required with " + KEY + " (--tls-key): give the key's certificate.");
        }
        if (ca.isPresent() && certificate.isEmpty()) {
            throw new ApplianceException(CA + " (--tls-ca) needs " + CERTIFICATE + " and " + KEY + " (--tls-cert, --tls-key):"
                    + " without them the node issues its certificate from its own or the clinic CA.");
        }
        return Optional.of(new HttpsSettings(port.get(), certificate, key, ca));
    }

    /** Whether the technician brought the certificate and key. */
    public boolean ownCertificate() {
        return certificate.isPresent();
    }

    private static Optional<Path> path(Config value) {
        return value.asString().asOptional().filter(text -> !text.isBlank()).map(Path::of);
    }
}
