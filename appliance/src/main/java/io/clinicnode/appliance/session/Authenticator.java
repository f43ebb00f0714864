package io.clinicnode.appliance.session;

import java.util.List;
import java.util.Optional;

import io.clinicnode.appliance.http.ProblemHandlers;
import io.clinicnode.appliance.user.User;
import io.clinicnode.appliance.user.UserDirectory;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Lets a request into {@code /api/} only with a live bearer session of an active user (login itself
 * excepted), and puts the {@link CurrentUser} in the request's context.
 */
public final class Authenticator implements Filter {
    private static final String BEARER = "Bearer ";
    /** Where a new box joins the cluster ({@code io.clinicnode.appliance.join.JoinService}). */
    public static final String JOIN_PATH = "/api/cluster/join";

    private final SessionStore sessions;
    private final UserDirectory users;

    public Authenticator(SessionStore sessions, UserDirectory users) {
        this.sessions = sessions;
        this.users = users;
    }

    /**
     * The live session of an active user that {@code token} stands for, its expiry slid forward; empty for
     * a blank, oversized, unknown, expired or revoked token, or a deactivated user. Every way in (bearer
     * header, live-board socket) checks tokens here.
     */
    public Optional<CurrentUser> authenticate(String token) {
        String trimmed = token.strip();
        if (trimmed.isEmpty() || trimmed.length() >= 200) {
            return Optional.empty();
        }
        return sessions.touch(trimmed)
                .flatMap(session -> users.find(session.username())
                        .filter(User::active)
                        .map(user -> new CurrentUser(user, session)));
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest request, RoutingResponse response) {
        String path = request.path().path();
        boolean isApi = path.startsWith("/api/") || path.equals("/api");
        boolean isLogin = path.equals("/api/session") && request.prologue().method() == Method.POST;
        // A joining box has no session: its join token's secret is checked by the join endpoint itself.
        boolean isJoin = path.equals(JOIN_PATH) && request.prologue().method() == Method.POST;
        if (!isApi || isLogin || isJoin) {
            chain.proceed();
            return;
        }
        Optional<CurrentUser> current = request.headers().first(HeaderNames.AUTHORIZATION)
                .filter(value -> value.regionMatches(true, 0, BEARER, 0, BEARER.length()))
                .map(value -> value.substring(BEARER.length()))
                .flatMap(this::authenticate);
        if (current.isEmpty()) {
            response.header("WWW-Authenticate", "Bearer");
            ProblemHandlers.send(response, 401, "Unauthorized",
                    "Your session is missing or has expired. Log in again.", List.of());
            return;
        }
        request.context().register(current.get());
        chain.proceed();
    }
}
