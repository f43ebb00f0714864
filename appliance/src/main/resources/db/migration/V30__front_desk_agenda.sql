-- The front desk's agenda (issue 11): appointment types, confirmations, practitioner blocks and clinic holidays, and
-- the link from a practitioner's login to their agenda column. Projection tables only: all of it is rebuilt from the
-- journal's events.

-- What kind of visit an appointment is (consulta, retorno, procedimento …), with its default duration and the color the
-- agenda shows it in. Admin-managed; never deleted (old appointments keep their type), deactivated instead.
CREATE TABLE appointment_type (
    id               VARCHAR(36)  PRIMARY KEY,
    name             VARCHAR(100) NOT NULL,
    duration_minutes INT          NOT NULL,
    color            VARCHAR(7)   NOT NULL,
    active           BOOLEAN      NOT NULL,
    created_at       TIMESTAMP    NOT NULL,
    updated_at       TIMESTAMP    NOT NULL,
    created_version  VARCHAR(200) DEFAULT '' NOT NULL,
    data_version     VARCHAR(200)
);

ALTER TABLE appointment ADD COLUMN type_id VARCHAR(36);
-- Set while the appointment is CONFIRMED: how the patient confirmed (PHONE, WHATSAPP …), when and by whom.
ALTER TABLE appointment ADD COLUMN confirmation_channel VARCHAR(16);
ALTER TABLE appointment ADD COLUMN confirmed_at TIMESTAMP;
ALTER TABLE appointment ADD COLUMN confirmed_by VARCHAR(64);

-- Time no appointment may be booked in: a practitioner's block (vacation, an afternoon off), or, with no practitioner,
-- a clinic holiday (a whole day). Removed ones stay, flagged, so a removal replayed before its addition stays removed.
CREATE TABLE agenda_block (
    id              VARCHAR(36)  PRIMARY KEY,
    kind            VARCHAR(10)  NOT NULL,
    practitioner_id VARCHAR(36),
    start_at        TIMESTAMP    NOT NULL,
    end_at          TIMESTAMP    NOT NULL,
    reason          VARCHAR(200),
    removed         BOOLEAN      DEFAULT FALSE NOT NULL,
    created_by      VARCHAR(64)  NOT NULL,
    created_at      TIMESTAMP    NOT NULL
);
CREATE INDEX agenda_block_span ON agenda_block (start_at, end_at);

-- The practitioner whose agenda column a user's login is (a user field like the others: last writer wins).
ALTER TABLE app_user ADD COLUMN practitioner_id VARCHAR(36);
ALTER TABLE app_user ADD COLUMN practitioner_version VARCHAR(200);
