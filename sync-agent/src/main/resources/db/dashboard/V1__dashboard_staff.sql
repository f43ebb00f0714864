-- The central sync dashboard's own tables, in a Flyway history of their own (dashboard_schema_history), so that
-- central's migrations (db/central) keep their numbering. Applied by `clinicnode dashboard-user add`, as the admin,
-- after `clinicnode central-init` (which creates the clinicnode_dashboard role).

-- Central office staff who may log in to the dashboard. Passwords are PBKDF2-HMAC-SHA512 hashes, as on the nodes.
-- Dashboard logins (members of clinicnode_dashboard) only read it; clinic roles get nothing.
CREATE TABLE dashboard_staff (
    username      text        PRIMARY KEY,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

REVOKE ALL ON dashboard_staff FROM PUBLIC;
GRANT SELECT ON dashboard_staff TO clinicnode_dashboard;
