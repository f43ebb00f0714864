package io.clinicnode.appliance.http;

import java.util.List;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

import org.tinylog.Logger;

/**
 * Answers what the web server refuses before any route runs (a malformed request line, headers or chunked body, an
 * oversized address, headers or body, too many requests at once) with the same problem+json and security headers as
 * the API's own errors. Helidon's default would answer text/plain with its exception message, which can hold the raw
 * request, Authorization header included; nothing of the request is ever echoed here, and the node logs one line.
 *
 * <p>Thread-safe (stateless).
 */
public final class TransportProblems implements DirectHandler {
    private static final int LOGGED_REASON_CHARS = 80;

    private TransportProblems() {
    }

    /** A handler for every transport event type, for {@code ListenerConfig.Builder#directHandlers}. */
    public static DirectHandlers handlers() {
        DirectHandler handler = new TransportProblems();
        DirectHandlers.Builder builder = DirectHandlers.builder();
        for (EventType type : EventType.values()) {
            builder.addHandler(type, handler);
        }
        return builder.build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, Throwable thrown, System.Logger logger) {
        return handle(request, eventType, defaultStatus, responseHeaders, thrown == null ? null : thrown.getMessage());
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        int status = defaultStatus.code();
        Logger.info("Refused a request before routing: {} {} ({})", status, eventType, reason(message));
        SecurityHeaders.apply(responseHeaders);
        responseHeaders.set(HeaderValues.create("Content-Type", ProblemHandlers.PROBLEM_JSON));
        if (status == Status.SERVICE_UNAVAILABLE_503.code()) {
            responseHeaders.set(HeaderValues.create("Retry-After", "1"));
        }
        return TransportResponse.builder()
                .status(defaultStatus)
                .headers(responseHeaders)
                .keepAlive(false)
                .entity(ProblemHandlers.body(status, defaultStatus.reasonPhrase(), detail(status), List.of(), null))
                .build();
    }

    private static String detail(int status) {
        return switch (status) {
            case 400 -> "The request could not be read: its request line, headers or body are malformed or too large."
                    + " Nothing was changed.";
            case 408 -> "The request took too long to arrive. Nothing was changed.";
            case 413 -> "The body is larger than the node accepts. Nothing was changed.";
            case 414 -> "The address is longer than the node accepts (" + ListenerLimits.MAX_REQUEST_LINE_BYTES
                    + " bytes for the request line). Nothing was changed.";
            case 431 -> "The request headers are larger than the node accepts. Nothing was changed.";
            case 503 -> "The node is serving too many requests at once. Try again in a moment.";
            default -> "The node could not serve the request. Try again; if it keeps failing, ask a technician to check"
                    + " the node log.";
        };
    }

    /**
     * What the log may say: Helidon's reason up to its first colon or line break, cut short. What follows can be the
     * request's own bytes (a hex dump, a header value), which may hold a password or token.
     */
    static String reason(String message) {
        if (message == null || message.isBlank()) {
            return "no reason given";
        }
        String reason = message.split("[:\\r\\n]", 2)[0].strip();
        return reason.length() > LOGGED_REASON_CHARS ? reason.substring(0, LOGGED_REASON_CHARS) + "…" : reason;
    }
}
