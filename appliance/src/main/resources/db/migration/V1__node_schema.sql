-- The node's projection of its journal. Everything here can be rebuilt by replaying the journal,
-- except user_session, which is node-local state (see docs/ARCHITECTURE.md).

CREATE TABLE node_meta (
    meta_name  VARCHAR(64) PRIMARY KEY,
    meta_value VARCHAR(256) NOT NULL
);

-- Journal index of the last event applied to this database, written in the same transaction as the
-- event's rows, so that replay after a crash starts exactly where the database stopped.
CREATE TABLE journal_position (
    id            INT PRIMARY KEY,
    journal_index BIGINT NOT NULL
);
INSERT INTO journal_position (id, journal_index) VALUES (1, 0);

-- Highest sequence applied per origin node: applying an event at or below it is a no-op.
CREATE TABLE origin_progress (
    origin   VARCHAR(64) PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    last_hlc BIGINT NOT NULL
);

CREATE TABLE app_user (
    username      VARCHAR(64) PRIMARY KEY,
    display_name  VARCHAR(200) NOT NULL,
    password_hash VARCHAR(256) NOT NULL,
    roles         VARCHAR(200) NOT NULL,
    language      VARCHAR(10)  NOT NULL,
    active        BOOLEAN      NOT NULL,
    created_at    TIMESTAMP    NOT NULL,
    updated_at    TIMESTAMP    NOT NULL
);

CREATE TABLE user_session (
    token_hash   VARCHAR(64) PRIMARY KEY,
    username     VARCHAR(64) NOT NULL,
    created_at   TIMESTAMP   NOT NULL,
    last_seen_at TIMESTAMP   NOT NULL,
    expires_at   TIMESTAMP   NOT NULL
);
CREATE INDEX user_session_expiry ON user_session (expires_at);

CREATE TABLE patient (
    id              VARCHAR(36)  PRIMARY KEY,
    full_name       VARCHAR(200) NOT NULL,
    search_name     VARCHAR(200) NOT NULL,
    birth_date      DATE         NOT NULL,
    sex             VARCHAR(16),
    document        VARCHAR(40),
    document_key    VARCHAR(40),
    phone           VARCHAR(40),
    phone_rev       VARCHAR(40),
    secondary_phone VARCHAR(40),
    secondary_rev   VARCHAR(40),
    email           VARCHAR(254),
    address_line    VARCHAR(200),
    address_city    VARCHAR(100),
    address_state   VARCHAR(50),
    address_postal  VARCHAR(20),
    consent_sms     BOOLEAN NOT NULL,
    consent_email   BOOLEAN NOT NULL,
    consent_data    BOOLEAN NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    version_hlc     BIGINT NOT NULL
);
CREATE UNIQUE INDEX patient_document_key ON patient (document_key);
CREATE INDEX patient_birth_date ON patient (birth_date, search_name);
CREATE INDEX patient_phone_rev ON patient (phone_rev);
CREATE INDEX patient_secondary_rev ON patient (secondary_rev);

-- One row per normalized name part (lower case, no accents): "prefix of any name part" searches are
-- index range scans on token.
CREATE TABLE patient_name_token (
    token      VARCHAR(100) NOT NULL,
    patient_id VARCHAR(36)  NOT NULL,
    PRIMARY KEY (token, patient_id)
);
CREATE INDEX patient_name_token_patient ON patient_name_token (patient_id);

CREATE TABLE practitioner (
    id         VARCHAR(36)  PRIMARY KEY,
    full_name  VARCHAR(200) NOT NULL,
    specialty  VARCHAR(100),
    active     BOOLEAN      NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    updated_at TIMESTAMP    NOT NULL
);

CREATE TABLE practitioner_hours (
    practitioner_id VARCHAR(36) NOT NULL,
    day_of_week     VARCHAR(10) NOT NULL,
    start_time      TIME        NOT NULL,
    end_time        TIME        NOT NULL
);
CREATE INDEX practitioner_hours_practitioner ON practitioner_hours (practitioner_id);

CREATE TABLE appointment (
    id               VARCHAR(36) PRIMARY KEY,
    patient_id       VARCHAR(36) NOT NULL,
    practitioner_id  VARCHAR(36) NOT NULL,
    start_at         TIMESTAMP   NOT NULL,
    end_at           TIMESTAMP   NOT NULL,
    status           VARCHAR(16) NOT NULL,
    notes            VARCHAR(500),
    created_at       TIMESTAMP   NOT NULL,
    updated_at       TIMESTAMP   NOT NULL
);
CREATE INDEX appointment_practitioner_start ON appointment (practitioner_id, start_at);
CREATE INDEX appointment_start ON appointment (start_at);
CREATE INDEX appointment_patient ON appointment (patient_id);

CREATE TABLE waiting_entry (
    id               VARCHAR(36) PRIMARY KEY,
    appointment_id   VARCHAR(36) NOT NULL,
    patient_id       VARCHAR(36) NOT NULL,
    practitioner_id  VARCHAR(36) NOT NULL,
    visit_day        DATE        NOT NULL,
    status           VARCHAR(20) NOT NULL,
    checked_in_at    TIMESTAMP   NOT NULL,
    called_at        TIMESTAMP,
    started_at       TIMESTAMP,
    done_at          TIMESTAMP
);
CREATE UNIQUE INDEX waiting_entry_appointment ON waiting_entry (appointment_id);
CREATE INDEX waiting_entry_day ON waiting_entry (visit_day);

CREATE TABLE audit_entry (
    id          VARCHAR(80)  PRIMARY KEY,
    occurred_at TIMESTAMP    NOT NULL,
    username    VARCHAR(64)  NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    entity      VARCHAR(40)  NOT NULL,
    record_id   VARCHAR(36),
    node        VARCHAR(64)  NOT NULL,
    detail      VARCHAR(500)
);
CREATE INDEX audit_entry_record ON audit_entry (record_id, occurred_at);
CREATE INDEX audit_entry_at ON audit_entry (occurred_at);
