package io.clinicnode.cluster.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.internal.Certificates;
import io.clinicnode.cluster.internal.PrivateFiles;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads and writes certificates and private keys as PEM text, the format technicians get from OpenSSL and other
 * CAs: certificates ({@code BEGIN CERTIFICATE}), and unencrypted keys in PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC1 ({@code BEGIN EC PRIVATE KEY}). Every failure names the file. Stateless and
 * thread-safe.
 */
public final class PemFiles {
    private PemFiles() {
    }

    /** The certificates in {@code file}, in file order (a chain: the server's own first). */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object entry = parser.readObject(); entry != null; entry = parser.readObject()) {
                if (entry instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException e) {
            throw new ClusterException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new ClusterException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        return certificates;
    }

    /** The private key in {@code file}, which must not be readable by group or others. */
    public static PrivateKey readPrivateKey(Path file) {
        try {
            if (Files.isRegularFile(file) && PrivateFiles.isShared(file)) {
                throw new ClusterException(file + " may be read by other users (mode " + PrivateFiles.mode(file)
                        + "); run `chmod 600 " + file + "` and start again.");
            }
        } catch (IOException e) {
            throw new ClusterException(file + " cannot be read: " + e.getMessage(), e);
        }
        try (PEMParser parser = new PEMParser(new StringReader(read(file)))) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object entry = parser.readObject(); entry != null; entry = parser.readObject()) {
                if (entry instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (entry instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException e) {
            throw new ClusterException(file + " is not a PEM private key file: " + e.getMessage(), e);
        }
        throw new ClusterException(file + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----); an encrypted"
                + " key must be decrypted first, e.g. `openssl pkey -in KEY -out " + file + "`.");
    }

    /** Writes {@code certificate} as a new PEM file of mode 600. */
    public static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        PrivateFiles.write(file, Certificates.pem(certificate).getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes {@code key} as a new PKCS#8 PEM file of mode 600 (never readable by others, from the first byte on). */
    public static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        PrivateFiles.write(file, ("-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** PEM text of a certificate, as served for download. */
    public static String pem(X509Certificate certificate) {
        return Certificates.pem(certificate);
    }

    private static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ClusterException(file + " does not exist or is not a file.");
        }
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new ClusterException(file + " cannot be read: " + e.getMessage(), e);
        }
    }
}
