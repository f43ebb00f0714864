package io.clinicnode.appliance.tls;

import java.util.Optional;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/**
 * The {@code tls} health check: whether the desks' traffic is encrypted, and with which certificate. A node without
 * HTTPS is still UP (a demo on loopback may run so), but says "serving without TLS" for the technician to see.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsHealthCheck implements HealthCheck {
    /** What the check says of a node that serves plain HTTP only. */
    public static final String WITHOUT_TLS = "serving without TLS";

    private final Optional<WebTls> tls;

    public TlsHealthCheck(Optional<WebTls> tls) {
        this.tls = tls;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "tls";
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse.Builder response = HealthCheckResponse.builder().status(true).detail("https", tls.isPresent());
        if (tls.isEmpty()) {
            return response.detail("detail", WITHOUT_TLS + ": passwords, tokens and patient data cross the network in clear;"
                    + " start the node with --https-port").build();
        }
        WebTls web = tls.get();
        response.detail("detail", "serving HTTPS (TLS 1.3 and 1.2)")
                .detail("certificateSource", web.source().name())
                .detail("certificateExpires", web.certificate().getNotAfter().toInstant().toString());
        web.caFingerprint().ifPresent(fingerprint -> response.detail("caFingerprint", fingerprint));
        return response.build();
    }
}
