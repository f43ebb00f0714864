package io.clinicnode.appliance.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

/**
 * A small JSON-over-HTTP(S) client for tests, optionally carrying a bearer token. It never follows redirects, so tests
 * see them.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient http;
    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl) {
        this(HTTP, baseUrl, null);
    }

    /** A client for an {@code https://} base URL whose server certificate chains to a CA trusted by {@code tls}. */
    public ApiClient(String baseUrl, SSLContext tls) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(tls).build(), baseUrl, null);
    }

    private ApiClient(HttpClient http, String baseUrl, String token) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The certificates in PEM text, in order. */
    public static List<X509Certificate> certificates(String pem) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("not PEM certificates: " + pem, e);
        }
    }

    /** A TLS context that trusts only the CA certificates in {@code pem} (e.g. a node's {@code /ca.pem}). */
    public static SSLContext trusting(String pem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int index = 0;
            for (X509Certificate certificate : certificates(pem)) {
                trust.setCertificateEntry("ca-" + index++, certificate);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot trust " + pem + ": " + e.getMessage(), e);
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String token() {
        return token;
    }

    public ApiClient withToken(String newToken) {
        return new ApiClient(http, baseUrl, newToken);
    }

    /** Logs in and returns a client carrying the session token; fails the test if login fails. */
    public ApiClient login(String username, String password) {
        Response response = post("/api/session", Json.createObjectBuilder()
                .add("username", username).add("password", password).build().toString());
        if (response.status() != 200) {
            throw new AssertionError("login of " + username + " failed: " + response);
        }
        return withToken(response.json().getString("token"));
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, JsonStructure body) {
        return post(path, body.toString());
    }

    public Response post(String path, String body) {
        return send(request(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response put(String path, JsonStructure body) {
        return send(request(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    public Response patch(String path, JsonStructure body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException("request failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A response: status, raw body and headers, with the body parsed on demand. */
    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        public JsonValue jsonValue() {
            return Json.createReader(new StringReader(body)).readValue();
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
