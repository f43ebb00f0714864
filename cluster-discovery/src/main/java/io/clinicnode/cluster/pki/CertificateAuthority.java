package io.clinicnode.cluster.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.internal.Certificates;
import io.clinicnode.cluster.internal.PrivateFiles;

/**
 * A certificate authority that issues the web server certificates of nodes (HTTPS to the desks): the clinic CA of a
 * cluster, or the small CA a node that runs alone makes for itself in its data directory. Desks trust the CA once, so
 * a new server certificate (new key, new names) needs nothing from them. Immutable and thread-safe.
 */
public final class CertificateAuthority {
    /** The CA certificate in a directory of {@link #loadOrCreate}. */
    public static final String CERTIFICATE_FILE = "ca.pem";
    /** The CA's private key (PKCS#8 PEM, mode 600) in a directory of {@link #loadOrCreate}. */
    public static final String KEY_FILE = "ca-key.pem";

    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A CA from its certificate and the matching private key. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key) {
        return new CertificateAuthority(certificate, key);
    }

    /**
     * The CA kept in {@code directory} ({@value #CERTIFICATE_FILE}, {@value #KEY_FILE}), made there with
     * {@code commonName} the first time (directory mode 700, files mode 600). A half-made or mismatched pair is
     * refused with the files named, never replaced: desks may already trust it.
     */
    public static CertificateAuthority loadOrCreate(Path directory, String commonName) {
        Path certificateFile = directory.resolve(CERTIFICATE_FILE);
        Path keyFile = directory.resolve(KEY_FILE);
        boolean hasCertificate = Files.exists(certificateFile);
        boolean hasKey = Files.exists(keyFile);
        if (hasCertificate && hasKey) {
            return load(certificateFile, keyFile);
        }
        if (hasCertificate || hasKey) {
            throw new ClusterException(directory + " holds " + (hasKey ? KEY_FILE : CERTIFICATE_FILE) + " without "
                    + (hasKey ? CERTIFICATE_FILE : KEY_FILE) + "; restore the missing file from a backup, or move the"
                    + " directory away to make a new CA (the desks then need to trust the new one).");
        }
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate certificate = Certificates.selfSignedCa(commonName, keys);
        try {
            PrivateFiles.createDirectory(directory);
            PemFiles.writePrivateKey(keyFile, keys.getPrivate());
            PemFiles.writeCertificate(certificateFile, certificate);
        } catch (IOException e) {
            throw new ClusterException("Could not write a new CA to " + directory + ": " + e.getMessage(), e);
        }
        return new CertificateAuthority(certificate, keys.getPrivate());
    }

    private static CertificateAuthority load(Path certificateFile, Path keyFile) {
        X509Certificate certificate = PemFiles.readCertificates(certificateFile).getFirst();
        PrivateKey key = PemFiles.readPrivateKey(keyFile);
        if (!matches(certificate, key)) {
            throw new ClusterException(keyFile + " is not the key of the CA in " + certificateFile
                    + "; restore both files from the same backup.");
        }
        return new CertificateAuthority(certificate, key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate as PEM text, what desks download and trust. */
    public String certificatePem() {
        return Certificates.pem(certificate);
    }

    /**
     * A new key and a server certificate for it naming {@code dnsNames} and {@code addresses}, signed by this CA; the
     * chain holds the server certificate, then this CA's.
     */
    public ServerKeys issueServer(String commonName, Collection<String> dnsNames, Collection<InetAddress> addresses) {
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate server = Certificates.server(commonName, keys.getPublic(), dnsNames, addresses, certificate, key);
        return new ServerKeys(keys.getPrivate(), List.of(server, certificate));
    }

    /**
     * A server certificate for a key made elsewhere (a joining node's, from its certificate request) naming
     * {@code dnsNames} and {@code addresses}; the chain holds it, then this CA's.
     */
    public List<X509Certificate> issueServer(String commonName, PublicKey publicKey, Collection<String> dnsNames,
            Collection<InetAddress> addresses) {
        return List.of(Certificates.server(commonName, publicKey, dnsNames, addresses, certificate, key), certificate);
    }

    /** A cluster member certificate (TLS client and server between nodes) for a key made elsewhere. */
    public X509Certificate issueMember(String commonName, PublicKey publicKey) {
        return Certificates.member(commonName, publicKey, certificate, key);
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        byte[] probe = "clinicnode".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
