package io.clinicnode.cluster.pki;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;

import io.clinicnode.cluster.ClusterException;
import io.clinicnode.cluster.internal.Certificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A joiner's certificate requests: made from its own key, checked and signed by the clinic CA. */
class CertificateRequestsTest {
    @TempDir
    Path directory;

    @Test
    void theCaSignsTheRequestedKeyAndNoOther() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(directory.resolve("ca"), "Test clinic CA");
        KeyPair joiner = Certificates.newKeyPair();
        CertificateRequests.Request request = CertificateRequests.read(CertificateRequests.create(joiner, "clinicnode-member-1"));
        assertThat(request.commonName()).isEqualTo("clinicnode-member-1");
        assertThat(request.publicKey()).isEqualTo(joiner.getPublic());

        X509Certificate member = ca.issueMember(request.commonName(), request.publicKey());
        member.verify(ca.certificate().getPublicKey());
        assertThat(member.getPublicKey()).isEqualTo(joiner.getPublic());
        List<X509Certificate> server = ca.issueServer("node", request.publicKey(), List.of("clinic-box"),
                List.of(java.net.InetAddress.getByName("192.168.1.21")));
        assertThat(server).hasSize(2);
        assertThat(server.getFirst().getSubjectAlternativeNames().stream().map(name -> (Object) name.get(1)).toList())
                .contains("clinic-box", "192.168.1.21");
    }

    @Test
    void refusesARequestThatIsNotPemOrWhoseSignatureDoesNotMatch() throws Exception {
        assertThatThrownBy(() -> CertificateRequests.read("hello")).isInstanceOf(ClusterException.class)
                .hasMessageContaining("not a PEM PKCS#10 request");
        assertThatThrownBy(() -> CertificateRequests.read(null)).hasMessageContaining("missing");
        String pem = CertificateRequests.create(Certificates.newKeyPair(), "clinicnode-member-1");
        String body = pem.substring(pem.indexOf('\n') + 1, pem.indexOf("-----END"));
        char flipped = body.charAt(body.length() - 10) == 'A' ? 'B' : 'A';
        String damaged = pem.replace(body, body.substring(0, body.length() - 10) + flipped + body.substring(body.length() - 9));
        assertThatThrownBy(() -> CertificateRequests.read(damaged)).isInstanceOf(ClusterException.class);
    }

    @Test
    void refusesAnRsaKey() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String pem = toPem(rsa.generateKeyPair());
        assertThatThrownBy(() -> CertificateRequests.read(pem)).hasMessageContaining("RSA key");
    }

    private static String toPem(KeyPair keys) throws Exception {
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                new org.bouncycastle.asn1.x500.X500Name("CN=x"), keys.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
        var text = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.openssl.jcajce.JcaPEMWriter(text)) {
            writer.writeObject(request);
        }
        return text.toString();
    }
}
