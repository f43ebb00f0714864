package io.clinicnode.installer.backup;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.clinicnode.appliance.backup.LocalAccess;
import io.clinicnode.installer.InstallerException;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The running node on this box, reached through the address and token it leaves in its data directory
 * ({@link LocalAccess}). Over HTTPS, only the CA the node named there is trusted.
 */
public final class LocalNode {
    private final URI url;
    private final String token;
    private final HttpClient http;

    private LocalNode(URI url, String token, HttpClient http) {
        this.url = url;
        this.token = token;
        this.http = http;
    }

    /** The node running on {@code dataDir}; empty when none runs there (no access file). */
    public static Optional<LocalNode> find(Path dataDir) {
        Path file = dataDir.resolve(LocalAccess.FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (var reader = Json.createReader(Files.newBufferedReader(file))) {
            JsonObject access = reader.readObject();
            HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5));
            if (access.containsKey("caPem")) {
                builder.sslContext(trusting(access.getString("caPem")));
            }
            return Optional.of(new LocalNode(URI.create(access.getString("url")), access.getString("token"), builder.build()));
        } catch (IOException | RuntimeException e) {
            throw new InstallerException("Cannot read " + file + " (" + e.getMessage() + "); run the command as root or"
                    + " as the node's user.", e);
        }
    }

    public URI url() {
        return url;
    }

    /** Asks the node for a snapshot; the stream is the snapshot zip. */
    public InputStream snapshot() throws IOException {
        HttpResponse<InputStream> response = send("/node/backup/snapshot", HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            String body;
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new InstallerException("The node at " + url + " refused the snapshot (HTTP " + response.statusCode()
                    + "): " + body);
        }
        return response.body();
    }

    /** The node's {@code /node/consistency} answer. */
    public JsonObject consistency() throws IOException {
        HttpResponse<String> response = send("/node/consistency", HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new InstallerException("The node at " + url + " answered HTTP " + response.statusCode() + ": " + response.body());
        }
        return Json.createReader(new java.io.StringReader(response.body())).readObject();
    }

    private <T> HttpResponse<T> send(String path, HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(url.resolve(path)).header(LocalAccess.HEADER, token).GET().build();
        try {
            return http.send(request, handler);
        } catch (java.net.ConnectException e) {
            throw new InstallerException("No node answers at " + url + " although its data directory says one runs there ("
                    + LocalAccess.FILE + "). If the node was killed, start it again (or delete that file and retry).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted", e);
        }
    }

    private static SSLContext trusting(String caPem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (var certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)))) {
                store.setCertificateEntry("ca" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new InstallerException("The node's CA in its access file cannot be read: " + e.getMessage(), e);
        }
    }
}
