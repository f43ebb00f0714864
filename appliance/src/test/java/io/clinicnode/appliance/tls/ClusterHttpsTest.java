package io.clinicnode.appliance.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.cluster.ClusterCredentials;
import io.clinicnode.cluster.ClusterInit;
import io.clinicnode.cluster.pki.PemFiles;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A clustered node with {@code https-port}: its certificate comes from the clinic CA, its address is https. */
class ClusterHttpsTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @TempDir
    Path temp;

    @Test
    void aClusteredNodesCertificateChainsToTheClinicCaAndNamesItsAddress() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(temp.resolve("cluster"));
        int clusterPort = freeClusterPort();

        try (RunningNode node = RunningNode.start(temp.resolve("n1"), Map.of("https-port", "0",
                "cluster.dir", clinic.directory().toString(), "cluster.port", Integer.toString(clusterPort),
                "cluster.peers", "127.0.0.1:" + clusterPort))) {
            String caPem = node.plainApi().get("/ca.pem").body();
            assertThat(caPem).isEqualTo(PemFiles.pem(clinic.caCertificate()));

            X509Certificate served;
            try (SSLSocket socket = (SSLSocket) ApiClient.trusting(caPem).getSocketFactory()
                    .createSocket("127.0.0.1", node.node().port())) {
                socket.startHandshake();
                served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
            served.verify(clinic.caCertificate().getPublicKey());
            assertThat(served.getSubjectAlternativeNames()).contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));

            String httpsUrl = "https://127.0.0.1:" + node.node().port();
            ApiClient admin = node.admin();
            JsonObject self = admin.get("/api/cluster/nodes").json().getJsonArray("nodes").getJsonObject(0);
            assertThat(self.getString("httpUrl")).isEqualTo(httpsUrl);
            assertThat(admin.get("/api/cluster").json().getJsonArray("members").getJsonObject(0).getString("httpUrl"))
                    .isEqualTo(httpsUrl);
            assertThat(admin.get("/api/session").header("Content-Security-Policy"))
                    .contains("connect-src 'self' " + httpsUrl + " " + httpsUrl.replace("https:", "wss:") + ";");
        }
    }

    @Test
    void aClusterDirectoryWithoutTheClinicCaKeyNeedsTheTechniciansCertificate() throws IOException {
        ClusterCredentials clinic = ClusterInit.create(temp.resolve("cluster"));
        Files.delete(clinic.directory().resolve(ClusterCredentials.CA_KEYSTORE));
        int clusterPort = freeClusterPort();

        assertThatThrownBy(() -> RunningNode.start(temp.resolve("n1"), Map.of("https-port", "0",
                "cluster.dir", clinic.directory().toString(), "cluster.port", Integer.toString(clusterPort),
                "cluster.peers", "127.0.0.1:" + clusterPort)))
                .isInstanceOf(ApplianceException.class)
                .hasMessageContaining(ClusterCredentials.CA_KEYSTORE)
                .hasMessageContaining("--tls-cert");
    }

    /** A loopback port whose neighbours the cluster also uses (port + 100, 101, 200) are free too. */
    private static int freeClusterPort() throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
                port = socket.getLocalPort();
            }
            if (port + 203 <= 65_535 && isFree(port + 100) && isFree(port + 101) && isFree(port + 102)
                    && isFree(port + 103) && isFree(port + 200)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port for a cluster member");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
