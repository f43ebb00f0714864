package io.clinicnode.sync.dashboard;

import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldReader;
import io.clinicnode.appliance.http.JsonBodies;
import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.http.Responses;
import io.clinicnode.appliance.session.LoginThrottle;
import io.clinicnode.appliance.user.PasswordHasher;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import jakarta.json.JsonObject;

import static io.clinicnode.appliance.json.JsonSupport.JSON;

/**
 * {@code /api/session}: staff log in (POST), see who is logged in (GET), log out (DELETE). Failed logins are
 * throttled per username and client address as on the nodes, and an unknown username costs the same hashing work
 * as a known one.
 *
 * <p>Thread-safe.
 */
final class StaffSessionService implements HttpService {
    private final StaffSessions sessions;
    private final StaffDirectory staff;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final JsonBodies bodies;
    private volatile String decoyHash;

    StaffSessionService(StaffSessions sessions, StaffDirectory staff, PasswordHasher hasher, LoginThrottle throttle,
                        JsonBodies bodies) {
        this.sessions = sessions;
        this.staff = staff;
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
            ProblemHandlers.send(response, 429, "Too many failed logins",
                    "Too many failed logins for this user or computer. Try again in " + seconds + " seconds.", List.of());
            return;
        }
        Optional<Staff> member = staff.find(username).filter(Staff::active);
        boolean matches = hasher.matches(password.toCharArray(), member.map(Staff::passwordHash).orElseGet(this::decoyHash));
        if (member.isEmpty() || !matches) {
            throw new ApiProblem(401, "Login failed", "Wrong username or password.");
        }
        throttle.succeeded(attempt);
        StaffSessions.Issued issued = sessions.open(member.get().username());
        Responses.ok(response, JSON.createObjectBuilder(describe(member.get(), issued.session()))
                .add("token", issued.token())
                .build());
    }

    private String decoyHash() {
        String decoy = decoyHash;
        if (decoy == null) {
            decoy = hasher.hash("decoy-password".toCharArray());
            decoyHash = decoy;
        }
        return decoy;
    }

    private void current(ServerRequest request, ServerResponse response) {
        SignedIn signedIn = SignedIn.of(request);
        Responses.ok(response, describe(signedIn.staff(), signedIn.session()));
    }

    private void logout(ServerRequest request, ServerResponse response) {
        sessions.revoke(SignedIn.of(request).session().tokenHash());
        Responses.noContent(response);
    }

    private JsonObject describe(Staff member, StaffSessions.Session session) {
        return JSON.createObjectBuilder()
                .add("user", JSON.createObjectBuilder()
                        .add("username", member.username())
                        .add("displayName", member.displayName()))
                .add("expiresAt", session.expiresAt().toString())
                .add("idleTimeoutSeconds", sessions.idleTimeout().toSeconds())
                .build();
    }
}
