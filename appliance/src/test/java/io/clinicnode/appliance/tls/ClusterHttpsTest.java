package io.clinicnode.appliance.tls;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.clinicnode.appliance.ApplianceException;
import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestPorts;
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
    @TempDir
    Path temp;

    @Test
    void aClusteredNodesCertificateChainsToTheClinicCaAndNamesItsAddress() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(temp.resolve("cluster"));
        int clusterPort = TestPorts.freeClusterPort();

        try (RunningNode node = RunningNode.start(temp.resolve("n1"), clustered(clinic, clusterPort, "127.0.0.1:" + clusterPort))) {
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
    void membersTrustedThroughTheOneClinicCaAcceptEachOthersHttpsPagesForFailover() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(temp.resolve("cluster"));
        int first = TestPorts.freeClusterPort();
        int second = TestPorts.freeClusterPort();
        String peers = "127.0.0.1:" + first + ",127.0.0.1:" + second;

        try (RunningNode one = RunningNode.start(temp.resolve("n1"), clustered(clinic, first, peers));
             RunningNode two = RunningNode.start(temp.resolve("n2"), clustered(clinic, second, peers))) {
            // One CA for the clinic: a desk that trusts it reaches every node without a new warning.
            SSLContext desk = ApiClient.trusting(PemFiles.pem(clinic.caCertificate()));
            String oneOrigin = one.node().httpUrl();
            String token = new ApiClient(oneOrigin, desk).login("admin", RunningNode.ADMIN_PASSWORD).token();

            HttpResponse<String> fromOnesPage = HttpClient.newBuilder().sslContext(desk).build().send(HttpRequest.newBuilder(
                            URI.create(two.node().httpUrl() + "/api/cluster/nodes"))
                    .header("Origin", oneOrigin).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(fromOnesPage.statusCode()).isEqualTo(200);
            assertThat(fromOnesPage.headers().firstValue("Access-Control-Allow-Origin")).hasValue(oneOrigin);
            assertThat(fromOnesPage.body()).contains("\"httpUrl\":\"" + oneOrigin + "\"", "\"httpUrl\":\"" + two.node().httpUrl() + "\"");
            assertThat(fromOnesPage.headers().firstValue("Content-Security-Policy").orElseThrow())
                    .contains(oneOrigin + " ", oneOrigin.replace("https:", "wss:"))
                    .doesNotContainPattern("[ ;]wss?:[ ;]");
        }
    }

    private static Map<String, String> clustered(ClusterCredentials clinic, int clusterPort, String peers) {
        return Map.of("https-port", "0", "cluster.dir", clinic.directory().toString(),
                "cluster.port", Integer.toString(clusterPort), "cluster.peers", peers);
    }

    @Test
    void aClusterDirectoryWithoutTheClinicCaKeyNeedsTheTechniciansCertificate() throws Exception {
        ClusterCredentials clinic = ClusterInit.create(temp.resolve("cluster"));
        Files.delete(clinic.directory().resolve(ClusterCredentials.CA_KEYSTORE));
        int clusterPort = TestPorts.freeClusterPort();

        assertThatThrownBy(() -> RunningNode.start(temp.resolve("n1"), clustered(clinic, clusterPort, "127.0.0.1:" + clusterPort)))
                .isInstanceOf(ApplianceException.class)
                .hasMessageContaining(ClusterCredentials.CA_KEYSTORE)
                .hasMessageContaining("--tls-cert");
    }
}
