package io.clinicnode.installer.process;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.clinicnode.installer.InstallerException;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A small JSON-over-HTTP client for one node's API (HTTP/1.1 over {@link HttpClient}), carrying a session
 * token once logged in. Transport failures are {@link IOException}s, so callers can tell "the node is gone"
 * from an answer they did not expect.
 *
 * <p>Thread-safe: one instance may be shared by many client threads (its connections are pooled).
 */
public final class NodeClient {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final URI baseUri;
    private final String token;

    private NodeClient(HttpClient http, URI baseUri, String token) {
        this.http = http;
        this.baseUri = baseUri;
        this.token = token;
    }

    /** A client for the node at {@code baseUri}, not logged in. */
    public static NodeClient to(URI baseUri) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        return new NodeClient(http, baseUri, null);
    }

    /** Logs in and returns a client carrying the session token (sharing this one's connections). */
    public NodeClient login(String username, String password) throws IOException {
        Response response = post("/api/session", Json.createObjectBuilder()
                .add("username", username).add("password", password).build());
        if (response.status() != 200) {
            throw new InstallerException("Login of '" + username + "' at " + baseUri + " failed: " + response);
        }
        return new NodeClient(http, baseUri, response.json().getString("token"));
    }

    /** The same session (token) at another node of the cluster, as a desk that fails over uses it. */
    public NodeClient at(URI otherNode) {
        return new NodeClient(http, otherNode, token);
    }

    public URI baseUri() {
        return baseUri;
    }

    public Response get(String pathAndQuery) throws IOException {
        return send(request(pathAndQuery).GET());
    }

    public Response post(String path, JsonObject body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    public Response put(String path, JsonObject body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    public Response delete(String path) throws IOException {
        return send(request(path).DELETE());
    }

    public Response patch(String path, JsonObject body) throws IOException {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** {@code text} encoded for a URL query parameter. */
    public static String queryParameter(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUri.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("Interrupted while waiting for " + baseUri);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** An answer: status code and body text. */
    public record Response(int status, String body) {
        /** The body as a JSON object; fails with the status and body when it is not one. */
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new InstallerException("Expected a JSON object in the answer, found: " + this, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
        }
    }
}
