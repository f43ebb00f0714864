package io.clinicnode.cluster.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;

import io.clinicnode.cluster.ClusterException;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {
    @TempDir
    Path temp;

    @Test
    void aCaIsMadeOnceWithPrivateFilesAndLoadedAgain() throws IOException {
        Path directory = temp.resolve("tls");
        CertificateAuthority made = CertificateAuthority.loadOrCreate(directory, "ClinicNode CA test");

        CertificateAuthority again = CertificateAuthority.loadOrCreate(directory, "another name");

        assertThat(again.certificate()).isEqualTo(made.certificate());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory.resolve(CertificateAuthority.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void issuesServerCertificatesNamingTheNodesNamesAndAddressesForServerUseOnly() throws Exception {
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(temp.resolve("tls"), "ClinicNode CA test");

        ServerKeys keys = authority.issueServer("node-1", List.of("localhost", "recepcao"),
                List.of(InetAddress.getByName("192.168.1.20"), InetAddress.getByName("::1")));

        X509Certificate server = keys.certificate();
        server.verify(authority.certificate().getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
                List.of(2, "recepcao"), List.of(7, "192.168.1.20"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
        assertThat(keys.chain()).containsExactly(server, authority.certificate());
        assertThat(server.getNotAfter().getTime() - server.getNotBefore().getTime()).isLessThanOrEqualTo(826L * 24 * 3600 * 1000);
    }

    @Test
    void aKeyWithoutItsCertificateIsRefusedNotReplaced() throws IOException {
        Path directory = temp.resolve("tls");
        CertificateAuthority.loadOrCreate(directory, "ClinicNode CA test");
        Files.delete(directory.resolve(CertificateAuthority.CERTIFICATE_FILE));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(directory, "ClinicNode CA test"))
                .isInstanceOf(ClusterException.class).hasMessageContaining(CertificateAuthority.KEY_FILE + " without "
                        + CertificateAuthority.CERTIFICATE_FILE);
        assertThat(directory.resolve(CertificateAuthority.KEY_FILE)).exists();
    }

    @Test
    void readsOpenSslStyleRsaAndEcKeysAndRefusesAKeyOthersCanRead() throws Exception {
        KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        StringWriter rsaPem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(rsaPem)) {
            writer.writeObject(rsa);
        }
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();

        for (var key : List.of(new Object[] {rsa, rsaPem.toString(), "SHA256withRSA"},
                new Object[] {ec, sec1Pem(ec), "SHA256withECDSA"})) {
            KeyPair pair = (KeyPair) key[0];
            String pem = (String) key[1];
            assertThat(pem).matches("(?s)-----BEGIN (RSA|EC) PRIVATE KEY-----.*");
            Path file = temp.resolve(pair.getPrivate().getAlgorithm() + "-key.pem");
            Files.writeString(file, pem);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

            Signature signer = Signature.getInstance((String) key[2]);
            signer.initSign(PemFiles.readPrivateKey(file));
            signer.update(new byte[] {1, 2, 3});
            byte[] signature = signer.sign();
            signer.initVerify(pair.getPublic());
            signer.update(new byte[] {1, 2, 3});
            assertThat(signer.verify(signature)).as("the key read is the key written").isTrue();

            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertThatThrownBy(() -> PemFiles.readPrivateKey(file)).isInstanceOf(ClusterException.class)
                    .hasMessageContaining("chmod 600 " + file);
        }
    }

    /** An EC key as {@code openssl ecparam -genkey} writes it: SEC1 with the curve and the public point. */
    private static String sec1Pem(KeyPair pair) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
        ASN1ObjectIdentifier curve = ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        byte[] point = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()).getPublicKeyData().getBytes();
        ECPrivateKey sec1 = new ECPrivateKey(256, ((java.security.interfaces.ECPrivateKey) pair.getPrivate()).getS(),
                new DERBitString(point), curve);
        return "-----BEGIN EC PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(sec1.getEncoded())
                + "\n-----END EC PRIVATE KEY-----\n";
    }

    @Test
    void aFileWithoutACertificateIsRefusedNamingIt() throws IOException {
        Path file = temp.resolve("not-a-cert.pem");
        Files.writeString(file, "hello");

        assertThatThrownBy(() -> PemFiles.readCertificates(file)).isInstanceOf(ClusterException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("no PEM certificate");
    }
}
