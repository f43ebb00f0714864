package io.clinicnode.appliance.user;

import java.util.Set;

/**
 * A person who logs in to the node.
 *
 * @param practitionerId the practitioner whose agenda column this login is ("meus pacientes"), or null
 */
public record User(String username, String displayName, String passwordHash, Set<Role> roles, String language,
                   boolean active, String practitionerId) {
    public User {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
