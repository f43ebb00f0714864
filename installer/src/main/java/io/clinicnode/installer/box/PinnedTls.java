package io.clinicnode.installer.box;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS to a node that trusts exactly one CA, named by its SHA-256 fingerprint (the one a join token carries): the
 * server's chain must hold that CA and the server's certificate must be signed by it and valid now. Host names are
 * not checked: the fingerprint is the trust, as with k3s's token CA hash. The handshake fails before a byte of the
 * request is sent otherwise, and {@link #mismatch()} then says which CA the server showed.
 *
 * <p>Thread-safe.
 */
public final class PinnedTls {
    private final String fingerprint;
    private final AtomicReference<String> shown = new AtomicReference<>();
    private final AtomicReference<X509Certificate> server = new AtomicReference<>();

    public PinnedTls(String caFingerprint) {
        this.fingerprint = caFingerprint;
    }

    /** SHA-256 of a certificate's DER encoding, lower-case hex. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot hash a certificate: " + e.getMessage(), e);
        }
    }

    public SSLContext context() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {new Pinned()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("No TLS in this runtime: " + e.getMessage(), e);
        }
    }

    /** The fingerprint of the CA the server showed when it was refused (its chain's last certificate). */
    public Optional<String> mismatch() {
        return Optional.ofNullable(shown.get());
    }

    /** The server's own certificate, once a handshake succeeded. */
    public Optional<X509Certificate> serverCertificate() {
        return Optional.ofNullable(server.get());
    }

    private final class Pinned extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("The server showed no certificate");
            }
            for (X509Certificate candidate : chain) {
                if (fingerprint(candidate).equals(fingerprint)) {
                    try {
                        chain[0].verify(candidate.getPublicKey());
                    } catch (GeneralSecurityException e) {
                        throw new CertificateException("The server's certificate is not signed by the pinned CA", e);
                    }
                    chain[0].checkValidity();
                    server.set(chain[0]);
                    return;
                }
            }
            shown.set(fingerprint(chain[chain.length - 1]));
            throw new CertificateException("The server's chain does not hold the CA " + fingerprint);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("Not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("Not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("Not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
