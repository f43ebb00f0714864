package io.clinicnode.sync.dashboard;

import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ProblemHandlers;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Lets a request into {@code /api/} only with a live bearer session of an active staff member (logging in
 * excepted), and puts the {@link SignedIn} staff in its context. The pages themselves are public: they hold no
 * data, and show the login form until the API answers.
 *
 * <p>Thread-safe.
 */
final class StaffAuthenticator implements Filter {
    private static final String BEARER = "Bearer ";

    private final StaffSessions sessions;
    private final StaffDirectory staff;

    StaffAuthenticator(StaffSessions sessions, StaffDirectory staff) {
        this.sessions = sessions;
        this.staff = staff;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        boolean isApi = path.startsWith("/api/") || path.equals("/api");
        boolean isLogin = path.equals("/api/session") && request.prologue().method() == Method.POST;
        if (!isApi || isLogin) {
            chain.proceed();
            return;
        }
        Optional<SignedIn> signedIn = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()).strip())
                .filter(token -> !token.isEmpty() && token.length() < 200)
                .flatMap(sessions::touch)
                .flatMap(session -> staff.find(session.username())
                        .filter(Staff::active)
                        .map(member -> new SignedIn(member, session)));
        if (signedIn.isEmpty()) {
            response.header("WWW-Authenticate", "Bearer");
            ProblemHandlers.send(response, 401, "Unauthorized", "Your session is missing or has ended. Log in again.", List.of());
            return;
        }
        request.context().register(signedIn.get());
        chain.proceed();
    }
}
