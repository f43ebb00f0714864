package io.clinicnode.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterInitTest {
    @TempDir
    Path temp;

    @Test
    void createsPrivateCredentialsThatLoadBack() throws IOException {
        Path dir = temp.resolve("cluster");
        ClusterCredentials created = ClusterInit.create(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(file -> file.getFileName().toString())).containsExactlyInAnyOrder(
                    "cluster.properties", "ca.pem", "ca.p12", "member.p12", "cluster.key", "join.secret");
        }
        try (var files = Files.list(dir)) {
            files.forEach(file -> assertThat(mode(file)).as(file.toString()).isEqualTo("rw-------"));
        }
        ClusterCredentials loaded = ClusterCredentials.load(dir);
        assertThat(loaded.caFingerprint()).isEqualTo(created.caFingerprint()).hasSize(64);
        assertThat(loaded.clusterName()).isEqualTo(created.clusterName()).startsWith("clinicnode-");
        assertThat(loaded.clusterKey().getEncoded()).hasSize(32).isEqualTo(created.clusterKey().getEncoded());
        assertThat(loaded.canIssue()).isTrue();
        assertThat(loaded.memberCertificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(loaded.caCertificate().getBasicConstraints()).isEqualTo(0);
    }

    @Test
    void everyInitMakesAnotherClinic() {
        ClusterCredentials first = ClusterInit.create(temp.resolve("a"));
        ClusterCredentials second = ClusterInit.create(temp.resolve("b"));

        assertThat(first.caFingerprint()).isNotEqualTo(second.caFingerprint());
        assertThat(first.clusterName()).isNotEqualTo(second.clusterName());
        assertThat(first.clusterKey()).isNotEqualTo(second.clusterKey());
    }

    @Test
    void refusesADirectoryThatIsNotEmpty() throws IOException {
        Path dir = temp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("something"), "x");

        assertThatThrownBy(() -> ClusterInit.create(dir)).isInstanceOf(ClusterException.class)
                .hasMessageContaining(dir + " already exists and is not empty");
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void joinTokenPinsTheCaAndCarriesTheSecret() throws IOException {
        Path dir = temp.resolve("cluster");
        ClusterCredentials credentials = ClusterInit.create(dir);

        assertThat(credentials.joinToken())
                .isEqualTo("CN1::" + credentials.caFingerprint() + "::" + Files.readString(dir.resolve("join.secret")).strip());
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path dir = temp.resolve("cluster");
        ClusterInit.create(dir);
        Files.delete(dir.resolve("cluster.key"));

        assertThatThrownBy(() -> ClusterCredentials.load(dir)).isInstanceOf(ClusterCredentialsException.class)
                .hasMessageContaining(dir.resolve("cluster.key") + " is missing");
    }

    @Test
    void aFileOthersCanReadIsRefused() throws IOException {
        Path dir = temp.resolve("cluster");
        ClusterInit.create(dir);
        Files.setPosixFilePermissions(dir.resolve("member.p12"), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> ClusterCredentials.load(dir)).isInstanceOf(ClusterCredentialsException.class)
                .hasMessageContaining(dir.resolve("member.p12") + " may be read by other users")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void filesFromTwoInitsAreRefused() throws IOException {
        Path dir = temp.resolve("cluster");
        Path other = temp.resolve("other");
        ClusterInit.create(dir);
        ClusterInit.create(other);
        Files.delete(dir.resolve("ca.pem"));
        Files.copy(other.resolve("ca.pem"), dir.resolve("ca.pem"));

        assertThatThrownBy(() -> ClusterCredentials.load(dir)).isInstanceOf(ClusterCredentialsException.class)
                .hasMessageContaining(dir.resolve("ca.pem") + " is not the CA this cluster was created with");
    }

    @Test
    void aDamagedClusterKeyIsNamed() throws IOException {
        Path dir = temp.resolve("cluster");
        ClusterInit.create(dir);
        Files.writeString(dir.resolve("cluster.key"), "c2hvcnQ=\n");

        assertThatThrownBy(() -> ClusterCredentials.load(dir)).isInstanceOf(ClusterCredentialsException.class)
                .hasMessageContaining(dir.resolve("cluster.key") + " must hold a 256-bit key in base64, found 40 bits");
    }

    private static String mode(Path file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
