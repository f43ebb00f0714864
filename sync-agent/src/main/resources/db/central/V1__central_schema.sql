-- Central PostgreSQL: every clinic's events and current rows, sync progress and status for the dashboard.
-- Documented table by table in docs/ARCHITECTURE.md ("Central schema"). Migrations only ever add (tables,
-- nullable or defaulted columns, functions), so agents of older node versions keep syncing during a rolling
-- upgrade: they write the columns they know by name.
--
-- Every table has clinic_id. Each clinic connects with its own login role, a member of clinicnode_clinic; the
-- clinic table maps that role to its clinic, and row-level security limits it to rows of that clinic.
-- The tables' owner (the admin who runs central-init) is not subject to the policies.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clinicnode_clinic') THEN
        CREATE ROLE clinicnode_clinic NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'clinicnode_dashboard') THEN
        CREATE ROLE clinicnode_dashboard NOLOGIN;
    END IF;
END
$$;

-- PostgreSQL 14 lets every role create objects in public; clinic roles must not.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO clinicnode_clinic, clinicnode_dashboard;

CREATE TABLE clinic (
    clinic_id       text PRIMARY KEY,
    name            text        NOT NULL,
    role_name       text        NOT NULL UNIQUE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_contact_at timestamptz
);

-- The clinic of the logged-in role, or NULL for any other role. SECURITY DEFINER: it reads the clinic table as
-- its owner (inside it current_user is the owner, hence session_user: the login role, which SET ROLE does not
-- change). Policies call it as (SELECT current_clinic()) so that it runs once per statement, not per row.
CREATE FUNCTION current_clinic() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT clinic_id FROM clinic WHERE role_name = session_user $$;

-- The central schema's version (Flyway's), for agents to check that central knows what they write.
CREATE FUNCTION schema_version() RETURNS integer
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
AS $$ SELECT max(version::integer) FROM flyway_schema_history WHERE success AND version IS NOT NULL $$;

-- Per-origin high-water mark: the highest origin_seq of each origin node stored for the clinic. Written in
-- the same transaction as the batch's rows; events at or below it are skipped (exactly once).
CREATE TABLE sync_mark (
    clinic_id  text        NOT NULL REFERENCES clinic,
    origin     text        NOT NULL,
    last_seq   bigint      NOT NULL,
    last_hlc   bigint      NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, origin)
);

-- Every event as the clinic journaled it (user password hashes removed from user.* payloads).
CREATE TABLE sync_event (
    clinic_id  text        NOT NULL,
    origin     text        NOT NULL,
    origin_seq bigint      NOT NULL,
    hlc        bigint      NOT NULL,
    event_at   timestamptz NOT NULL,
    type       text        NOT NULL,
    key        text        NOT NULL,
    actor      text        NOT NULL,
    payload    jsonb       NOT NULL,
    synced_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (clinic_id, origin, origin_seq)
);

-- Current rows, derived from the events. Each group of columns that events change together carries the
-- (hlc, origin) of the event that last set it; an event changes a group only when its (hlc, origin) is
-- newer, so events of different origins arriving in any order converge to the same row.
CREATE TABLE patient (
    clinic_id      text        NOT NULL,
    id             text        NOT NULL,
    full_name      text,
    birth_date     date,
    document       text,
    phone          text,
    email          text,
    data           jsonb,
    created_at     timestamptz,
    updated_at     timestamptz,
    version_hlc    bigint,
    version_origin text,
    PRIMARY KEY (clinic_id, id)
);

CREATE TABLE practitioner (
    clinic_id      text        NOT NULL,
    id             text        NOT NULL,
    full_name      text,
    specialty      text,
    active         boolean,
    working_hours  jsonb,
    created_at     timestamptz,
    updated_at     timestamptz,
    version_hlc    bigint,
    version_origin text,
    PRIMARY KEY (clinic_id, id)
);

-- start_at is clinic-local time, as booked.
CREATE TABLE appointment (
    clinic_id        text      NOT NULL,
    id               text      NOT NULL,
    patient_id       text,
    practitioner_id  text,
    notes            text,
    start_at         timestamp,
    duration_minutes integer,
    status           text,
    created_at       timestamptz,
    updated_at       timestamptz,
    time_hlc         bigint,
    time_origin      text,
    status_hlc       bigint,
    status_origin    text,
    PRIMARY KEY (clinic_id, id)
);

-- Check-ins: the waiting-room entries.
CREATE TABLE checkin (
    clinic_id      text        NOT NULL,
    id             text        NOT NULL,
    appointment_id text,
    patient_id     text,
    status         text,
    checked_in_at  timestamptz,
    called_at      timestamptz,
    started_at     timestamptz,
    done_at        timestamptz,
    status_hlc     bigint,
    status_origin  text,
    PRIMARY KEY (clinic_id, id)
);

-- Who viewed or changed which patient record (G10); id is the event's origin:seq.
CREATE TABLE audit (
    clinic_id   text        NOT NULL,
    id          text        NOT NULL,
    occurred_at timestamptz NOT NULL,
    username    text        NOT NULL,
    action      text        NOT NULL,
    entity      text        NOT NULL,
    entity_id   text        NOT NULL,
    patient_id  text,
    node        text        NOT NULL,
    PRIMARY KEY (clinic_id, id)
);

-- Events central could not store after retries, with the error; their origin's mark moved past them so
-- that the events after them are not blocked. payload is text: it may be what made the event fail.
CREATE TABLE dead_letter (
    clinic_id        text        NOT NULL,
    origin           text        NOT NULL,
    origin_seq       bigint      NOT NULL,
    hlc              bigint      NOT NULL,
    type             text        NOT NULL,
    key              text        NOT NULL,
    payload          text        NOT NULL,
    error            text        NOT NULL,
    attempts         integer     NOT NULL,
    first_attempt_at timestamptz NOT NULL,
    last_attempt_at  timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, origin, origin_seq)
);

-- Conflicts the clinic resolved and reports for a human (e.g. a double booking after a partition heals).
CREATE TABLE conflict (
    clinic_id   text        NOT NULL,
    id          text        NOT NULL,
    kind        text        NOT NULL,
    key         text        NOT NULL,
    detail      jsonb       NOT NULL,
    reported_at timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, id)
);

-- The latest heartbeat of each node, sent by the clinic's leader with its batches (and alone when idle).
CREATE TABLE node_heartbeat (
    clinic_id       text        NOT NULL,
    node_id         text        NOT NULL,
    version         text,
    leader          boolean     NOT NULL,
    journal_bytes   bigint,
    backlog_events  bigint,
    backlog_seconds double precision,
    last_error      text,
    reported_at     timestamptz NOT NULL,
    PRIMARY KEY (clinic_id, node_id)
);

-- Lag and throughput per clinic and minute: lag is from an event's HLC time to its batch's commit at central.
CREATE TABLE sync_lag_minute (
    clinic_id          text             NOT NULL,
    minute             timestamptz      NOT NULL,
    lag_p99_ms         double precision NOT NULL,
    lag_max_ms         double precision NOT NULL,
    events_shipped     bigint           NOT NULL,
    backlog_events_max bigint           NOT NULL,
    PRIMARY KEY (clinic_id, minute)
);

CREATE INDEX sync_event_clinic_type ON sync_event (clinic_id, type);
CREATE INDEX audit_patient ON audit (clinic_id, patient_id, occurred_at);
CREATE INDEX appointment_day ON appointment (clinic_id, practitioner_id, start_at);
CREATE INDEX dead_letter_recent ON dead_letter (clinic_id, last_attempt_at);
CREATE INDEX conflict_recent ON conflict (clinic_id, reported_at);

-- Row-level security: a clinic role sees and writes its own clinic's rows only; the dashboard reads all.
DO $$
DECLARE
    data_table text;
BEGIN
    FOREACH data_table IN ARRAY ARRAY['sync_mark', 'sync_event', 'patient', 'practitioner', 'appointment', 'checkin',
            'audit', 'dead_letter', 'conflict', 'node_heartbeat', 'sync_lag_minute']
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', data_table);
        EXECUTE format('CREATE POLICY own_clinic ON %I FOR ALL TO clinicnode_clinic'
                || ' USING (clinic_id = (SELECT current_clinic())) WITH CHECK (clinic_id = (SELECT current_clinic()))', data_table);
        EXECUTE format('CREATE POLICY dashboard_reads ON %I FOR SELECT TO clinicnode_dashboard USING (true)', data_table);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO clinicnode_clinic', data_table);
        EXECUTE format('GRANT SELECT ON %I TO clinicnode_dashboard', data_table);
    END LOOP;
END
$$;

ALTER TABLE clinic ENABLE ROW LEVEL SECURITY;
CREATE POLICY own_clinic ON clinic FOR ALL TO clinicnode_clinic
    USING (clinic_id = (SELECT current_clinic())) WITH CHECK (clinic_id = (SELECT current_clinic()));
CREATE POLICY dashboard_reads ON clinic FOR SELECT TO clinicnode_dashboard USING (true);
-- A clinic updates only its last contact (its batches lock the row with it, one batch of a clinic at a time).
GRANT SELECT, UPDATE (last_contact_at) ON clinic TO clinicnode_clinic;
GRANT SELECT ON clinic TO clinicnode_dashboard;

REVOKE ALL ON FUNCTION current_clinic() FROM PUBLIC;
REVOKE ALL ON FUNCTION schema_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION current_clinic() TO clinicnode_clinic, clinicnode_dashboard;
GRANT EXECUTE ON FUNCTION schema_version() TO clinicnode_clinic, clinicnode_dashboard;
