package io.clinicnode.appliance.tls;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ProblemHandlers;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /ca.pem}: the CA certificate the desks install once as a trusted root, so that every node's HTTPS
 * certificate is trusted (served over plain HTTP too: a desk that does not trust the CA yet cannot use HTTPS). It is a
 * public certificate; the technician checks its fingerprint against the one the node logs and shows in health
 * ({@code tls.caFingerprint}).
 *
 * <p>Immutable and thread-safe.
 */
public final class CaCertificateService implements HttpService {
    /** Where the CA certificate is served. */
    public static final String PATH = "/ca.pem";

    private final Optional<byte[]> pem;

    public CaCertificateService(Optional<String> pem) {
        this.pem = pem.map(text -> text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get(PATH, this::download);
    }

    private void download(ServerRequest request, ServerResponse response) {
        if (pem.isEmpty()) {
            ProblemHandlers.send(response, 404, "Not found", "This node's HTTPS certificate was given without its CA"
                    + " (--tls-ca), so there is no CA certificate to download here.", List.of());
            return;
        }
        response.header(HeaderValues.create("Content-Type", "application/x-pem-file"))
                .header(HeaderValues.create("Content-Disposition", "attachment; filename=\"clinicnode-ca.pem\""))
                .send(pem.get());
    }
}
