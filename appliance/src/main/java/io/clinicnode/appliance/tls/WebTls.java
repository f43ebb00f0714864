package io.clinicnode.appliance.tls;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.config.HttpsSettings;
import io.clinicnode.appliance.config.NodeConfig;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.pki.CertificateAuthority;
import io.clinicnode.cluster.pki.PemFiles;
import io.clinicnode.cluster.pki.ServerKeys;

import io.helidon.common.tls.Tls;

import org.tinylog.Logger;

/**
 * The TLS side of a node's web server (HTTPS to the desks, G11): the server's key and certificate, where they come
 * from, the CA desks trust (served at {@code /ca.pem}), and the protocol and cipher choices. Only TLS 1.3 and 1.2
 * with forward-secret AEAD suites (ECDHE with AES-GCM or ChaCha20-Poly1305) are offered.
 *
 * <p>Where the certificate comes from, in order: the technician's PEM files ({@code --tls-cert}, {@code --tls-key});
 * in a cluster, the clinic CA ({@code ca.p12} in the cluster directory) issues one at each start, so that every node's
 * certificate chains to the one CA the desks trust; a node alone keeps a CA of its own in {@code DATA_DIR/tls} and
 * issues from it. Issued certificates name this node's host names and addresses ({@link ServerNames}).
 *
 * <p>Immutable and thread-safe.
 */
public final class WebTls {
    /** Where the node's data directory keeps the CA of a node that runs alone. */
    public static final String NODE_CA_DIRECTORY = "tls";
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** Where the certificate came from, as the health check reports it. */
    public enum Source {
        /** The technician's {@code --tls-cert} and {@code --tls-key}. */
        PROVIDED,
        /** Issued at start by the clinic CA of the cluster directory. */
        CLINIC_CA,
        /** Issued at start by this node's own CA ({@code DATA_DIR/tls}). */
        NODE_CA
    }

    private final int port;
    private final ServerKeys keys;
    private final Optional<X509Certificate> ca;
    private final Source source;

    private WebTls(int port, ServerKeys keys, Optional<X509Certificate> ca, Source source) {
        this.port = port;
        this.keys = keys;
        this.ca = ca;
        this.source = source;
        ca.ifPresent(authority -> Logger.info("HTTPS CA for the desks (GET /ca.pem): {}, SHA-256 fingerprint {}",
                authority.getSubjectX500Principal().getName(), fingerprint(authority)));
    }

    /**
     * Sets up HTTPS for a node: loads the technician's certificate, or issues one for this node's names from the clinic
     * CA (a cluster) or from the node's own CA, made in its data directory the first time (a node alone).
     */
    public static WebTls create(HttpsSettings https, NodeConfig config, Optional<ClusterCredentials> credentials, String nodeId) {
        try {
            if (https.ownCertificate()) {
                return provided(https);
            }
            ServerNames names = ServerNames.of(config);
            if (credentials.isPresent()) {
                CertificateAuthority clinic = credentials.get().authority().orElseThrow(() -> new ApplianceException(
                        "HTTPS needs a certificate: the cluster directory " + credentials.get().directory() + " has no "
                        + ClusterCredentials.CA_KEYSTORE + " (the clinic CA's key) to issue one; copy it from the first node,"
                        + " or give --tls-cert and --tls-key."));
                return issued(https, clinic, nodeId, names, Source.CLINIC_CA);
            }
            Path directory = config.dataDir().resolve(NODE_CA_DIRECTORY);
            CertificateAuthority own = CertificateAuthority.loadOrCreate(directory, "ClinicNode CA " + nodeId);
            return issued(https, own, nodeId, names, Source.NODE_CA);
        } catch (ClusterException e) {
            throw new ApplianceException("HTTPS cannot start: " + e.getMessage(), e);
        }
    }

    private static WebTls issued(HttpsSettings https, CertificateAuthority authority, String nodeId, ServerNames names, Source source) {
        ServerKeys keys = authority.issueServer(nodeId, names.dnsNames(), names.addresses());
        Logger.info("HTTPS certificate issued by {} for {} {}", authority.certificate().getSubjectX500Principal().getName(),
                names.dnsNames(), names.addresses().stream().map(address -> address.getHostAddress()).toList());
        return new WebTls(https.port(), keys, Optional.of(authority.certificate()), source);
    }

    private static WebTls provided(HttpsSettings https) {
        Path certificateFile = https.certificate().orElseThrow();
        Path keyFile = https.key().orElseThrow();
        List<X509Certificate> chain = PemFiles.readCertificates(certificateFile);
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!matches(chain.getFirst(), key)) {
            throw new ApplianceException("HTTPS cannot start: " + keyFile + " is not the private key of the first certificate in "
                    + certificateFile + "; give the key that belongs to the certificate (the server's own certificate first).");
        }
        warnIfNotValidNow(chain.getFirst(), certificateFile);
        Optional<X509Certificate> ca = https.ca().map(file -> PemFiles.readCertificates(file).getFirst());
        return new WebTls(https.port(), new ServerKeys(key, chain), ca, Source.PROVIDED);
    }

    /** The port HTTPS is served on (0: a free one). */
    public int port() {
        return port;
    }

    public Source source() {
        return source;
    }

    /** The server's own certificate. */
    public X509Certificate certificate() {
        return keys.certificate();
    }

    /** The CA certificate desks should trust, as PEM; empty when the technician's certificate came without one. */
    public Optional<String> caPem() {
        return ca.map(PemFiles::pem);
    }

    /** SHA-256 of the CA certificate, colon-separated upper-case hex as {@code openssl x509 -fingerprint -sha256} shows it. */
    public Optional<String> caFingerprint() {
        return ca.map(WebTls::fingerprint);
    }

    /** Helidon's TLS settings for the HTTPS listener. */
    public Tls tls() {
        return Tls.builder()
                .privateKey(keys.key())
                .privateKeyCertChain(keys.chain())
                .enabledProtocols(PROTOCOLS)
                .enabledCipherSuites(CIPHER_SUITES)
                .build();
    }

    private static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new ApplianceException("Cannot hash the HTTPS CA certificate: " + e.getMessage(), e);
        }
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "clinicnode".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** An expired certificate still starts the node (refusing would stop the clinic too), but never silently. */
    private static void warnIfNotValidNow(X509Certificate certificate, Path file) {
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            Logger.warn("The HTTPS certificate in {} expired on {}: browsers refuse it; renew it and restart the node",
                    file, certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            Logger.warn("The HTTPS certificate in {} is valid only from {}: check this machine's clock",
                    file, certificate.getNotBefore().toInstant());
        }
    }
}
