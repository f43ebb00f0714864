package io.clinicnode.appliance.http;


import io.clinicnode.appliance.testing.LogCapture;
import io.clinicnode.appliance.testing.RawHttp;
import io.clinicnode.appliance.testing.NodePerClass;
import io.clinicnode.appliance.testing.RunningNode;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a broken or hostile client sends, over a raw socket: each gets a 4xx problem+json with the security headers,
 * never an echo of the request, never a stack trace in the node's log, and the node serves the next request normally.
 */
class HostileRequestsTest {
    private static final String SECRET = "Bearer s3cr3t-token-that-must-not-come-back";

    @RegisterExtension
    static final NodePerClass NODE = new NodePerClass();
    private static RunningNode node;
    private LogCapture log;

    @BeforeAll
    static void start() {
        node = NODE.node();
    }

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void nodeStillServesAndLoggedNoStackTrace() {
        log.close();
        assertThat(node.api().get("/observe/health/live").status()).isEqualTo(200);
        assertThat(log.text()).as("node log").doesNotContain("\tat ", "Exception:");
    }

    @Test
    void jsonNestedThousandsOfLevelsIsABadRequest() {
        String body = "{\"username\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"password\":\"x\"}";

        RawHttp.Response response = post("/api/session", body);

        assertProblem(response, 400);
        assertThat(response.body()).contains("\"field\":\"body\"", "nested");
    }

    @Test
    void fiveThousandDigitNumberIsABadRequest() {
        String body = "{\"username\":\"admin\",\"password\":\"x\",\"n\":" + "9".repeat(5_000) + "}";

        RawHttp.Response response = post("/api/session", body);

        assertProblem(response, 400);
        assertThat(response.body()).contains("\"field\":\"body\"", "number");
    }

    @Test
    void hugeWholeNumberIsOutOfRangeNotWrappedAround() {
        // 2^64 + 30: a long overflow would read it as 30 minutes.
        JsonObject booking = Json.createObjectBuilder().add("patientId", "p").add("practitionerId", "p")
                .add("start", "2030-01-07T09:00").add("durationMinutes", new java.math.BigInteger("18446744073709551646")).build();

        RawHttp.Response response = RawHttp.exchange(node.node().port(), "POST /api/appointments HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + node.admin().token() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + booking.toString().length() + "\r\n\r\n" + booking);

        assertProblem(response, 400);
        assertThat(response.body()).contains("\"field\":\"durationMinutes\"");
    }

    @Test
    void brokenChunkedEncodingIsABadRequest() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(), "POST /api/session HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: " + SECRET + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "ZZ-not-hex\r\n{}\r\n0\r\n\r\n");

        assertProblem(response, 400);
    }

    @Test
    void negativeContentLengthIsABadRequest() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(), "POST /api/session HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: " + SECRET + "\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n{}");

        assertProblem(response, 400);
    }

    @Test
    void bareLineFeedRequestIsNotEchoedBack() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(),
                "GET /api/patients HTTP/1.1\nHost: x\nAuthorization: " + SECRET + "\n\n");

        assertProblem(response, 400);
    }

    @Test
    void malformedRequestLineIsABadRequest() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(),
                "GET /api/patients?q=" + SECRET.replace(' ', '+') + "\r\nAuthorization: " + SECRET + "\r\n\r\n");

        assertProblem(response, 400);
    }

    @Test
    void oversizedUriIsUriTooLong() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(), "GET /api/patients?q=" + "a".repeat(20_000)
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + SECRET + "\r\n\r\n");

        assertProblem(response, 414);
    }

    @Test
    void oversizedHeadersAreABadRequest() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(), "GET /api/patients HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: " + SECRET + "\r\nX-Filler: " + "a".repeat(40_000) + "\r\n\r\n");

        assertProblem(response, 400);
    }

    @Test
    void bodyOverTheServerLimitIsPayloadTooLarge() {
        RawHttp.Response response = RawHttp.exchange(node.node().port(), "POST /api/session HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: " + SECRET + "\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{}");

        assertProblem(response, 413);
    }

    @Test
    void bodyOverTheJsonLimitIsPayloadTooLarge() {
        String body = "{\"username\":\"" + "a".repeat(100_000) + "\"}";

        RawHttp.Response response = post("/api/session", body);

        assertProblem(response, 413);
    }

    private static RawHttp.Response post(String path, String body) {
        return RawHttp.exchange(node.node().port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + SECRET
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static void assertProblem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.header("Content-Security-Policy")).contains("default-src 'self'");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.body()).contains("\"status\":" + status)
                .doesNotContain("s3cr3t", "Authorization", "HTTP/1.1", "Exception", "\tat ");
    }
}
