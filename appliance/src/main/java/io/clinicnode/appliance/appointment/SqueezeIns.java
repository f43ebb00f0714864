package io.clinicnode.appliance.appointment;

import java.util.List;

import io.clinicnode.appliance.http.ApiProblem;
import io.clinicnode.appliance.http.FieldError;
import io.clinicnode.appliance.session.CurrentUser;
import io.clinicnode.appliance.user.Role;

/**
 * Who may book an encaixe (a squeeze-in over or between booked slots): the desk or the practitioner decides it
 * (DOMAIN-BR), so the front-desk and practitioner roles; a user with neither (an admin account only) is refused.
 */
final class SqueezeIns {
    static final List<Role> ALLOWED = List.of(Role.FRONT_DESK, Role.PRACTITIONER);

    private SqueezeIns() {
    }

    static void requireRole(CurrentUser user) {
        if (ALLOWED.stream().noneMatch(role -> user.user().has(role))) {
            throw new ApiProblem(403, "Forbidden", "Booking an encaixe needs the front-desk or practitioner role.",
                    List.of(new FieldError("squeezeIn", "squeeze-in.forbidden",
                            "needs the front-desk or practitioner role")));
        }
    }
}
