package io.clinicnode.cluster.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;

import io.clinicnode.cluster.ClusterException;

import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * PKCS#10 certificate signing requests as PEM text: a joining node makes its key pair and asks the clinic CA to sign
 * the public key, so that the private key never leaves the joining box. The request is signed with the private key,
 * which proves that the asker holds it. Stateless and thread-safe.
 */
public final class CertificateRequests {
    private static final String SIGNATURE = "SHA256withECDSA";
    private static final int MAX_PEM_CHARS = 8_192;

    private CertificateRequests() {
    }

    /** What a verified request asks for: a certificate for {@code publicKey} named {@code commonName}. */
    public record Request(String commonName, PublicKey publicKey) {
    }

    /** A PEM request ({@code BEGIN CERTIFICATE REQUEST}) for {@code keys}' public key, signed with its private key. */
    public static String create(KeyPair keys, String commonName) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName),
                    keys.getPublic()).build(new JcaContentSignerBuilder(SIGNATURE).build(keys.getPrivate()));
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(request);
            }
            return text.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new ClusterException("Could not make a certificate request: " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks a PEM request: well-formed, an EC key, a common name, and a signature made with the key it
     * names. Throws {@link ClusterException} with a sentence otherwise.
     */
    public static Request read(String pem) {
        if (pem == null || pem.isBlank() || pem.length() > MAX_PEM_CHARS) {
            throw new ClusterException("The certificate request is missing or longer than " + MAX_PEM_CHARS + " characters.");
        }
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new ClusterException("The certificate request is not PEM: " + e.getMessage(), e);
        }
        if (!(parsed instanceof PKCS10CertificationRequest request)) {
            throw new ClusterException("The certificate request is not a PEM PKCS#10 request (BEGIN CERTIFICATE REQUEST).");
        }
        try {
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(request);
            PublicKey key = jca.getPublicKey();
            if (!"EC".equals(key.getAlgorithm())) {
                throw new ClusterException("The certificate request holds a " + key.getAlgorithm() + " key; members use EC P-256.");
            }
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new ClusterException("The certificate request's signature does not match its key.");
            }
            RDN[] names = request.getSubject().getRDNs(BCStyle.CN);
            if (names.length != 1) {
                throw new ClusterException("The certificate request names no single common name (CN).");
            }
            String commonName = IETFUtils.valueToString(names[0].getFirst().getValue());
            if (!commonName.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new ClusterException("The certificate request's common name must be 1 to 64 letters, digits, dots,"
                        + " dashes or underscores.");
            }
            return new Request(commonName, key);
        } catch (GeneralSecurityException | OperatorCreationException | PKCSException e) {
            throw new ClusterException("The certificate request cannot be checked: " + e.getMessage(), e);
        }
    }
}
