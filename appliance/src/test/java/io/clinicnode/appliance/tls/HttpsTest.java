package io.clinicnode.appliance.tls;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import io.clinicnode.appliance.testing.ApiClient;
import io.clinicnode.appliance.testing.RunningNode;
import io.clinicnode.appliance.testing.TestClinic;
import io.clinicnode.cluster.pki.CertificateAuthority;
import io.clinicnode.cluster.pki.PemFiles;
import io.clinicnode.cluster.pki.ServerKeys;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A node alone with {@code https-port}: HTTPS from its own CA, the plain port redirecting, strict TLS settings. */
class HttpsTest {
    private static final Map<String, String> HTTPS = Map.of("https-port", "0");
    private static final String STRONG_SUITE = "TLS_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256"
            + "|ECDHE_(ECDSA|RSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256))";

    @TempDir
    static Path dataDir;
    private static RunningNode node;
    private static String caPem;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        node = RunningNode.start(dataDir, HTTPS);
        caPem = node.plainApi().get("/ca.pem").body();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void servesTheApiOverHttpsToAClientTrustingTheCaFromCaPem() {
        ApiClient admin = node.admin();
        String patient = TestClinic.patient(admin);

        ApiClient.Response read = admin.get("/api/patients/" + patient);

        assertThat(admin.baseUrl()).startsWith("https://127.0.0.1:");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.header("Strict-Transport-Security")).startsWith("max-age=");
        assertThat(node.node().httpUrl()).isEqualTo("https://127.0.0.1:" + node.node().port());
        assertThat(admin.get("/api/cluster/nodes").json().getJsonArray("nodes").getJsonObject(0).getString("httpUrl"))
                .isEqualTo(node.node().httpUrl());
        assertThat(caPem).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(node.api().get("/observe/health").status()).isEqualTo(200);
        assertThat(node.api().get("/ca.pem").body()).isEqualTo(caPem);
    }

    @Test
    void everyHttpsAnswerCarriesHstsAndApiAnswersAreNotStored() {
        ApiClient.Response page = node.api().get("/");
        ApiClient.Response problem = node.admin().post("/api/patients", "{");
        ApiClient.Response unauthorized = node.api().get("/api/patients?q=x");

        assertThat(List.of(page, problem, unauthorized)).allSatisfy(response ->
                assertThat(response.header("Strict-Transport-Security")).as(response.toString()).isEqualTo("max-age=31536000"));
        assertThat(List.of(problem, unauthorized)).allSatisfy(response ->
                assertThat(response.header("Cache-Control")).as(response.toString()).isEqualTo("no-store"));
        assertThat(problem.status()).isEqualTo(400);
    }

    @Test
    void negotiatesTls13AndTls12WithStrongSuitesOnly() throws IOException {
        SSLContext trusting = ApiClient.trusting(caPem);

        try (SSLSocket tls13 = handshake(trusting, List.of("TLSv1.3"), null)) {
            assertThat(tls13.getSession().getProtocol()).isEqualTo("TLSv1.3");
            assertThat(tls13.getSession().getCipherSuite()).matches(STRONG_SUITE);
        }
        try (SSLSocket tls12 = handshake(trusting, List.of("TLSv1.2"), null)) {
            assertThat(tls12.getSession().getProtocol()).isEqualTo("TLSv1.2");
            assertThat(tls12.getSession().getCipherSuite()).matches(STRONG_SUITE);
        }
    }

    @Test
    void refusesWeakCipherSuitesThatAPlainJdkServerWouldAccept() throws Exception {
        String weak = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
        SSLContext trusting = ApiClient.trusting(caPem);
        // The same suite against a JDK server with default settings: proves the client really offers it.
        CertificateAuthority authority = CertificateAuthority.loadOrCreate(temp.resolve("control-ca"), "control");
        try (SSLServerSocket control = controlServer(authority.issueServer("control", List.of("localhost"),
                List.of(InetAddress.getLoopbackAddress())))) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) control.accept()) {
                    accepted.startHandshake();
                } catch (IOException ignored) {
                    // The client's assertion tells what went wrong.
                }
            });
            SSLContext trustsControl = ApiClient.trusting(authority.certificatePem());
            try (SSLSocket socket = (SSLSocket) trustsControl.getSocketFactory().createSocket("127.0.0.1", control.getLocalPort())) {
                socket.setEnabledProtocols(new String[] {"TLSv1.2"});
                socket.setEnabledCipherSuites(new String[] {weak});
                socket.startHandshake();
                assertThat(socket.getSession().getCipherSuite()).isEqualTo(weak);
            }
            served.join();
        }

        assertThatThrownBy(() -> handshake(trusting, List.of("TLSv1.2"), weak).close()).isInstanceOf(SSLException.class);
    }

    @Test
    void refusesATls11ClientHello() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.node().port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            InputStream in = socket.getInputStream();
            int contentType = in.read();

            // 22 would be a ServerHello (handshake); a refusal is an alert (21) or a closed connection.
            assertThat(contentType).isIn(21, -1);
            if (contentType == 21) {
                byte[] rest = new DataInputStream(in).readNBytes(6);
                assertThat(rest[5]).as("alert description").isIn((byte) 70, (byte) 40);
            }
        }
    }

    @Test
    void thePlainPortRedirectsEverythingToHttpsButTheCaAndHealth() throws Exception {
        ApiClient plain = node.plainApi();
        String https = "https://127.0.0.1:" + node.node().port();

        ApiClient.Response api = plain.get("/api/patients?q=ana");
        ApiClient.Response root = plain.get("/");
        ApiClient.Response login = plain.post("/api/session", Json.createObjectBuilder()
                .add("username", "admin").add("password", RunningNode.ADMIN_PASSWORD).build());
        ApiClient.Response metrics = plain.get("/observe/metrics");

        assertThat(api.status()).isEqualTo(308);
        assertThat(api.header("Location")).isEqualTo(https + "/api/patients?q=ana");
        assertThat(root.status()).isEqualTo(308);
        assertThat(root.header("Location")).isEqualTo(https + "/");
        assertThat(login.status()).isEqualTo(308);
        assertThat(login.body()).doesNotContain("token");
        assertThat(metrics.status()).isEqualTo(308);

        ApiClient.Response ca = plain.get("/ca.pem");
        assertThat(ca.status()).isEqualTo(200);
        assertThat(ca.header("Content-Type")).startsWith("application/x-pem-file");
        ApiClient.Response health = plain.get("/observe/health");
        assertThat(health.status()).isEqualTo(200);
        JsonObject tls = health.json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(check -> check.getString("name").equals("tls")).findFirst().orElseThrow().getJsonObject("data");
        assertThat(tls.getBoolean("https")).isTrue();
        assertThat(tls.getString("certificateSource")).isEqualTo("NODE_CA");
        assertThat(tls.getString("caFingerprint")).isEqualTo(HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(ApiClient.certificates(caPem).getFirst().getEncoded())));
        assertThat(plain.get("/observe/health/ready").status()).isEqualTo(200);
    }

    @Test
    void aNodeAloneMakesItsOwnCaOnceAndKeepsItAcrossRestarts() throws IOException {
        Path fresh = temp.resolve("alone");
        String first;
        try (RunningNode alone = RunningNode.start(fresh, HTTPS)) {
            first = alone.plainApi().get("/ca.pem").body();
            assertThat(alone.admin().get("/api/session").status()).isEqualTo(200);
        }
        Path tls = fresh.resolve(WebTls.NODE_CA_DIRECTORY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.resolve(CertificateAuthority.KEY_FILE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tls))).isEqualTo("rwx------");

        try (RunningNode again = RunningNode.start(fresh, HTTPS)) {
            assertThat(again.plainApi().get("/ca.pem").body()).isEqualTo(first);
            // The new server certificate (issued at this start) chains to the CA the desk already trusts.
            assertThat(new ApiClient("https://127.0.0.1:" + again.node().port(), ApiClient.trusting(first))
                    .login("admin", RunningNode.ADMIN_PASSWORD).get("/api/session").status()).isEqualTo(200);
        }
        assertThat(first).isNotEqualTo(caPem);
    }

    @Test
    void servesTheTechniciansOwnPemCertificateAndKey() throws Exception {
        CertificateAuthority theirs = CertificateAuthority.loadOrCreate(temp.resolve("their-ca"), "Their CA");
        ServerKeys keys = theirs.issueServer("clinic.example", List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")));
        Path certificate = temp.resolve("server.pem");
        Files.writeString(certificate, PemFiles.pem(keys.chain().get(0)) + PemFiles.pem(keys.chain().get(1)));
        Path key = temp.resolve("server-key.pem");
        PemFiles.writePrivateKey(key, keys.key());

        try (RunningNode own = RunningNode.start(temp.resolve("own"), Map.of("https-port", "0",
                "tls-cert", certificate.toString(), "tls-key", key.toString(),
                "tls-ca", temp.resolve("their-ca").resolve(CertificateAuthority.CERTIFICATE_FILE).toString()))) {
            assertThat(own.plainApi().get("/ca.pem").body()).isEqualTo(theirs.certificatePem());
            try (SSLSocket socket = handshake(own.node().port(), ApiClient.trusting(theirs.certificatePem()), List.of("TLSv1.3"), null)) {
                Certificate[] served = socket.getSession().getPeerCertificates();
                assertThat(served[0]).isEqualTo(keys.certificate());
            }
            assertThat(own.admin().get("/api/session").status()).isEqualTo(200);
            assertThat(own.node().config().dataDir().resolve(WebTls.NODE_CA_DIRECTORY)).doesNotExist();
        }
    }

    private static SSLSocket handshake(SSLContext trusting, List<String> protocols, String suite) throws IOException {
        return handshake(node.node().port(), trusting, protocols, suite);
    }

    private static SSLSocket handshake(int port, SSLContext trusting, List<String> protocols, String suite) throws IOException {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1", port);
        try {
            socket.setSoTimeout(5000);
            socket.setEnabledProtocols(protocols.toArray(String[]::new));
            if (suite != null) {
                socket.setEnabledCipherSuites(new String[] {suite});
            }
            socket.startHandshake();
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static SSLServerSocket controlServer(ServerKeys keys) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.key(), new char[0], keys.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        return (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** A minimal TLS 1.1 ClientHello (no extensions) offering CBC suites, as an old browser would send. */
    private static byte[] tls11ClientHello() {
        byte[] suites = {(byte) 0xC0, 0x13, (byte) 0xC0, 0x09, 0x00, 0x2F, 0x00, 0x35};
        int bodyLength = 2 + 32 + 1 + 2 + suites.length + 2;
        byte[] hello = new byte[5 + 4 + bodyLength];
        int i = 0;
        hello[i++] = 0x16;
        hello[i++] = 0x03;
        hello[i++] = 0x01;
        hello[i++] = (byte) ((4 + bodyLength) >> 8);
        hello[i++] = (byte) (4 + bodyLength);
        hello[i++] = 0x01;
        hello[i++] = 0;
        hello[i++] = (byte) (bodyLength >> 8);
        hello[i++] = (byte) bodyLength;
        hello[i++] = 0x03;
        hello[i++] = 0x02;
        for (int r = 0; r < 32; r++) {
            hello[i++] = (byte) (r * 7 + 1);
        }
        hello[i++] = 0;
        hello[i++] = 0;
        hello[i++] = (byte) suites.length;
        System.arraycopy(suites, 0, hello, i, suites.length);
        i += suites.length;
        hello[i++] = 1;
        hello[i] = 0;
        return hello;
    }
}
