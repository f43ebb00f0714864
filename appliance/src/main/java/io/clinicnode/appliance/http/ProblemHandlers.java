package io.clinicnode.appliance.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.clinicnode.appliance.replication.ClusterUnavailable;
import io.clinicnode.appliance.shared.SharedStateUnavailable;
import io.clinicnode.appliance.write.RejectedChange;
import io.clinicnode.appliance.write.WriterStopped;

import io.helidon.http.HeaderValues;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.ErrorHandler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import org.tinylog.Logger;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * The one place where failures become {@code application/problem+json} responses. Users get a sentence
 * and the bad fields; stack traces only reach the node's log.
 */
public final class ProblemHandlers {
    static final String PROBLEM_JSON = "application/problem+json";

    private ProblemHandlers() {
    }

    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiProblem.class, crossNode((request, response, problem) ->
                        send(response, problem.status(), problem.title(), problem.getMessage(), problem.errors())))
                .error(RejectedChange.class, crossNode(ProblemHandlers::rejected))
                .error(ClusterUnavailable.class, crossNode((request, response, e) -> {
                    response.header(HeaderValues.create("Retry-After", "1"));
                    send(response, 503, "Cluster busy", e.getMessage(), List.of());
                }))
                .error(SharedStateUnavailable.class, crossNode((request, response, e) ->
                        send(response, 503, e.summary(), e.getMessage(), List.of())))
                // The web app takes a 503 as "use another node", which is what this node needs until it is restarted.
                .error(WriterStopped.class, crossNode((request, response, e) ->
                        send(response, 503, "Node cannot write", e.getMessage(), List.of())))
                .error(RequestException.class, crossNode((request, response, e) ->
                        send(response, e.status().code(), e.status().reasonPhrase(), "The request could not be read.", List.of())))
                .error(HttpException.class, crossNode((request, response, e) ->
                        send(response, e.status().code(), e.status().reasonPhrase(), httpDetail(e.status().code()), List.of())))
                .error(Exception.class, crossNode(ProblemHandlers::unexpected));
    }

    /** A web app loaded from another node must be able to read the problem too; an API problem is not cached either. */
    private static <T extends Throwable> ErrorHandler<T> crossNode(ErrorHandler<T> handler) {
        return (request, response, error) -> {
            CrossNodeAccess.restore(request, response);
            SecurityHeaders.transport(request, response);
            handler.handle(request, response, error);
        };
    }

    private static String httpDetail(int status) {
        return switch (status) {
            case 404 -> "There is nothing at this address. Check the URL against the API description at /openapi.";
            case 405 -> "This address does not accept that method. Check the API description at /openapi.";
            default -> "The request could not be served.";
        };
    }

    private static void rejected(ServerRequest request, ServerResponse response, RejectedChange rejection) {
        int status = switch (rejection.reason()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
        };
        String title = switch (rejection.reason()) {
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNPROCESSABLE -> "Not allowed";
        };
        // A refusal forwarded by a node of an older version may come without a code; its field error still needs one.
        List<FieldError> errors = rejection.field() == null
                ? List.of()
                : List.of(new FieldError(rejection.field(), rejection.code() == null ? "rejected" : rejection.code(),
                        rejection.getMessage()));
        send(response, status, title, rejection.getMessage(), errors, rejection.code());
    }

    private static void unexpected(ServerRequest request, ServerResponse response, Exception e) {
        Logger.error(e, "Unexpected failure on {} {}", request.prologue().method().text(), request.path().path());
        send(response, 500, "Internal error",
                "The node could not complete the request. Try again; if it keeps failing, ask a technician to check the node log.",
                List.of());
    }

    public static void send(ServerResponse response, int status, String title, String detail, List<FieldError> errors) {
        send(response, status, title, detail, errors, null);
    }

    /** As {@link #send(ServerResponse, int, String, String, List)}, with a stable {@code code} when not null. */
    public static void send(ServerResponse response, int status, String title, String detail, List<FieldError> errors,
                            String code) {
        if (response.isSent()) {
            return;
        }
        SecurityHeaders.apply(response);
        response.status(Status.create(status))
                .header(HeaderValues.create("Content-Type", PROBLEM_JSON))
                .send(body(status, title, detail, errors, code));
    }

    /**
     * The RFC 9457 body: {@code type, title, status, detail}, a stable {@code code} when there is one, and, when fields
     * are at fault, {@code errors}: {@code {field, code, message}} each.
     */
    static byte[] body(int status, String title, String detail, List<FieldError> errors, String code) {
        JsonObjectBuilder body = JSON.createObjectBuilder()
                .add("type", "about:blank")
                .add("title", title)
                .add("status", status)
                .add("detail", detail == null ? title : detail);
        if (code != null) {
            body.add("code", code);
        }
        if (!errors.isEmpty()) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            errors.forEach(error -> array.add(JSON.createObjectBuilder()
                    .add("field", error.field())
                    .add("code", error.code())
                    .add("message", error.message())));
            body.add("errors", array);
        }
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }
}
