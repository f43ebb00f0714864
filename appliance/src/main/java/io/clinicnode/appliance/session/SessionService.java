package io.clinicnode.appliance.session;

import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.json.JsonFields;
import io.clinicnode.appliance.user.PasswordHasher;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.User;
import io.clinicnode.appliance.user.UserDirectory;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/** {@code /api/session}: log in (POST), see the current session (GET), log out (DELETE). */
public final class SessionService implements HttpService {
    /** Compared against when the username is unknown, so that timing does not tell which usernames exist. */
    private volatile String decoyHash;
    private final SessionStore sessions;
    private final UserDirectory users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final JsonBodies bodies;

    public SessionService(SessionStore sessions, UserDirectory users, PasswordHasher hasher, LoginThrottle throttle,
                          JsonBodies bodies) {
        this.sessions = sessions;
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.bodies = bodies;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::login)
                .get("/", this::current)
                .delete("/", this::logout);
    }

    private void login(ServerRequest request, ServerResponse response) {
        FieldReader fields = new FieldReader(bodies.object(request));
        String username = fields.requiredText("username", 64);
        String password = fields.requiredText("password", 200);
        fields.throwIfInvalid();
        String address = request.remotePeer().host();
        // Counted before the check, so that parallel guesses cannot all be checked before the first failure counts.
        LoginThrottle.Admission attempt = throttle.admit(username, address);
        if (!attempt.isAdmitted()) {
            long seconds = Math.max(1, attempt.refusedFor().toSeconds());
            response.header("Retry-After", Long.toString(seconds));
            if (attempt.notCounted()) {
                ProblemHandlers.send(response, 503, "Login limits not answering",
                        "The cluster did not answer in time. Try again in " + seconds + " seconds.", List.of());
                return;
            }
            ProblemHandlers.send(response, 429, "Too many failed logins",
                    "Too many failed logins for this user or computer. Try again in " + seconds + " seconds.", List.of());
            return;
        }
        Optional<User> user = users.find(username).filter(User::active);
        boolean matches = hasher.matches(password.toCharArray(), user.map(User::passwordHash).orElseGet(this::decoyHash));
        if (user.isEmpty() || !matches) {
            throw new ApiProblem(401, "Login failed", "Wrong username or password.");
        }
        throttle.succeeded(attempt);
        SessionStore.Issued issued = sessions.open(user.get().username());
        Responses.ok(response, JSON.createObjectBuilder()
                .add("token", issued.token())
                .addAll(JSON.createObjectBuilder(describe(user.get(), issued.session())))
                .build());
    }

    /** Made at the first login of an unknown name rather than at start, where it cost 0.3–0.6 s. */
    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hasher.hash("decoy-password".toCharArray());
            decoyHash = decoy;
        }
        return decoy;
    }

    private void current(ServerRequest request, ServerResponse response) {
        CurrentUser current = CurrentUser.of(request);
        Responses.ok(response, describe(current.user(), current.session()));
    }

    private void logout(ServerRequest request, ServerResponse response) {
        sessions.revoke(CurrentUser.of(request).session().tokenHash());
        Responses.noContent(response);
    }

    private JsonObject describe(User user, Session session) {
        JsonArrayBuilder roles = JSON.createArrayBuilder();
        user.roles().stream().map(Role::name).sorted().forEach(roles::add);
        return JSON.createObjectBuilder()
                .add("user", JSON.createObjectBuilder()
                        .add("username", user.username())
                        .add("displayName", user.displayName())
                        .add("language", user.language())
                        .add("practitionerId", JsonFields.text(user.practitionerId())))
                .add("roles", roles)
                .add("expiresAt", session.expiresAt().toString())
                .add("idleTimeoutSeconds", sessions.idleTimeout().toSeconds())
                .build();
    }
}
