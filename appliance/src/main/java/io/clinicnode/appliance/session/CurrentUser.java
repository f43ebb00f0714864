package io.clinicnode.appliance.session;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.user.Role;
import io.clinicnode.appliance.user.User;

import io.helidon.webserver.http.ServerRequest;

/** The authenticated user of a request, put in the request's context by {@link Authenticator}. */
public record CurrentUser(User user, Session session) {
    public String username() {
        return user.username();
    }

    public static CurrentUser of(ServerRequest request) {
        return request.context().get(CurrentUser.class)
                .orElseThrow(() -> new ApiProblem(401, "Unauthorized", "Log in first."));
    }

    /** The current user, who must hold {@code role}. */
    public static CurrentUser require(ServerRequest request, Role role) {
        CurrentUser current = of(request);
        if (!current.user().has(role)) {
            throw ApiProblem.forbidden("This needs the " + role.name().toLowerCase().replace('_', ' ') + " role.");
        }
        return current;
    }
}
