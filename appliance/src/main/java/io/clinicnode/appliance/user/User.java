package io.clinicnode.appliance.user;

import java.util.Set;

/** A person who logs in to the node. */
public record User(String username, String displayName, String passwordHash, Set<Role> roles, String language,
                   boolean active) {
    public User {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
