package io.clinicnode.appliance.user;

/** What a user may do. Admins (technicians, clinic managers) also see the audit trail and manage users. */
public enum Role {
    FRONT_DESK, PRACTITIONER, ADMIN
}
