package io.clinicnode.cluster.pki;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS server's private key and its certificate chain, the server's own certificate first (then the issuers, as a
 * TLS server sends them). Immutable and thread-safe.
 */
public record ServerKeys(PrivateKey key, List<X509Certificate> chain) {
    public ServerKeys {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A server key needs at least its own certificate");
        }
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return chain.getFirst();
    }
}
