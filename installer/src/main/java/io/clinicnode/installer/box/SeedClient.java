package io.clinicnode.installer.box;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import javax.net.ssl.SSLException;

import io.clinicnode.cluster.join.JoinToken;
import io.clinicnode.installer.InstallerException;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

/**
 * A new box's side of {@code POST /api/cluster/join}: HTTPS to the seed the token names, trusting only the CA the token
 * pins ({@link PinnedTls}), so the token's secret is sent only after the seed proved it belongs to that clinic. Every
 * failure becomes one sentence for the technician. Stateless.
 */
public final class SeedClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SeedClient() {
    }

    /** Sends the join request and returns the seed's grant. */
    public static JsonObject join(JoinToken token, JsonObject request) {
        PinnedTls pinned = new PinnedTls(token.caFingerprint());
        String host = token.seedHost().contains(":") ? "[" + token.seedHost() + "]" : token.seedHost();
        URI uri = URI.create("https://" + host + ":" + token.seedPort() + "/api/cluster/join");
        HttpClient client = HttpClient.newBuilder().sslContext(pinned.context()).connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response;
        try (client) {
            response = client.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLException e) {
            if (pinned.mismatch().isPresent()) {
                throw new InstallerException("The node at " + token.seed() + " is not of the clinic this token is for (its CA is "
                        + pinned.mismatch().get().substring(0, 16) + "…, the token names " + token.caFingerprint().substring(0, 16)
                        + "…); nothing was sent. Get a token from your clinic's first box with `clinicnode token create`.");
            }
            throw new InstallerException("The TLS handshake with " + token.seed() + " failed (" + e.getMessage() + "); nothing was sent.", e);
        } catch (ConnectException e) {
            throw new InstallerException("Cannot reach the seed node at " + token.seed() + " (connection refused); check that it runs"
                    + " (`clinicnode status` there) and that its HTTPS port is open to this box.", e);
        } catch (HttpTimeoutException e) {
            throw new InstallerException("The seed node at " + token.seed() + " did not answer in time; check the network between the boxes.", e);
        } catch (IOException e) {
            throw new InstallerException("Cannot talk to the seed node at " + token.seed() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InstallerException("Interrupted while joining", e);
        }
        JsonObject body = parse(response.body());
        if (response.statusCode() != 200) {
            String detail = body.getString("detail", "HTTP " + response.statusCode());
            throw new InstallerException("The clinic refused to join this box: " + detail);
        }
        return body;
    }

    private static JsonObject parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return Json.createObjectBuilder().build();
        }
    }
}
