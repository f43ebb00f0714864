package io.clinicnode.installer.box;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * HTTPS to this box's own node, trusting only the clinic CA (by fingerprint): its health, an admin login and
 * {@code GET /api/cluster}, for {@code status}. Not thread-safe (one command uses it).
 */
public final class NodeHttp implements AutoCloseable {
    private final URI base;
    private final PinnedTls tls;
    private final HttpClient client;

    public NodeHttp(URI base, String caFingerprint) {
        this.base = base;
        this.tls = new PinnedTls(caFingerprint);
        this.client = HttpClient.newBuilder().sslContext(tls.context()).connectTimeout(Duration.ofSeconds(3))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The answer's status and JSON body (empty object when the body is not JSON). */
    public record Answer(int status, JsonObject body) {
    }

    public Answer get(String path, Optional<String> bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET();
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    public Answer delete(String path, Optional<String> bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).DELETE();
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    public Answer post(String path, JsonObject body) throws IOException, InterruptedException {
        return post(path, body, Optional.empty());
    }

    public Answer post(String path, JsonObject body, Optional<String> bearer) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        bearer.ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return answer(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /** The node's HTTPS certificate, once a request went through. */
    public Optional<X509Certificate> serverCertificate() {
        return tls.serverCertificate();
    }

    private static Answer answer(HttpResponse<String> response) {
        JsonObject body;
        try (JsonReader reader = Json.createReader(new StringReader(response.body()))) {
            body = reader.readObject();
        } catch (RuntimeException e) {
            body = Json.createObjectBuilder().build();
        }
        return new Answer(response.statusCode(), body);
    }

    @Override
    public void close() {
        client.close();
    }
}
