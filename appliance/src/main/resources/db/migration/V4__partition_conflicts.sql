-- Partition merges (docs/ARCHITECTURE.md, "Conflicts after a partition"): facts commute, so every node that applied
-- the same events holds the same rows whatever order they arrived in. Version columns hold the event that set a
-- record aspect, as text sorting like (hlc, origin): 16 hex digits, ':', origin node id. NULL means "as created":
-- any later update wins over it. created_version is the winning creation when two events created one record.

-- Conflicts are keyed by what they are about, not by the event that revealed them, so that a conflict found by two
-- nodes in two orders is one row with the same content on both.
DROP TABLE replication_conflict;
CREATE TABLE replication_conflict (
    conflict_id VARCHAR(300) PRIMARY KEY,
    kind        VARCHAR(40)  NOT NULL,
    record_key  VARCHAR(80)  NOT NULL,
    origin      VARCHAR(64)  NOT NULL,
    origin_seq  BIGINT       NOT NULL,
    hlc         BIGINT       NOT NULL,
    event_type  VARCHAR(64)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    detected_at TIMESTAMP    NOT NULL
);

ALTER TABLE app_user ADD COLUMN created_version VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE app_user ADD COLUMN display_name_version VARCHAR(200);
ALTER TABLE app_user ADD COLUMN password_version VARCHAR(200);
ALTER TABLE app_user ADD COLUMN roles_version VARCHAR(200);
ALTER TABLE app_user ADD COLUMN language_version VARCHAR(200);
ALTER TABLE app_user ADD COLUMN active_version VARCHAR(200);

-- document_key stays unique and is held by the owner of the number: of the patients whose document_norm is that
-- number, the one created first. The others keep their document text, are listed as conflicts, and are not found
-- by document number until a human fixes one of them.
ALTER TABLE patient ADD COLUMN document_norm VARCHAR(40);
ALTER TABLE patient ADD COLUMN created_version VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE patient ADD COLUMN data_version VARCHAR(200);
UPDATE patient SET document_norm = document_key;
CREATE INDEX patient_document_norm ON patient (document_norm);

ALTER TABLE practitioner ADD COLUMN created_version VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE practitioner ADD COLUMN data_version VARCHAR(200);
ALTER TABLE practitioner ADD COLUMN active_version VARCHAR(200);

-- double_booked: the appointment overlaps another one of its practitioner that is not cancelled (possible only
-- after a partition); kept on both sides and flagged until a human moves or cancels one.
ALTER TABLE appointment ADD COLUMN created_version VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE appointment ADD COLUMN schedule_version VARCHAR(200);
ALTER TABLE appointment ADD COLUMN status_version VARCHAR(200);
ALTER TABLE appointment ADD COLUMN double_booked BOOLEAN DEFAULT FALSE NOT NULL;

-- One appointment checked in on both sides of a partition: both entries are kept; the one checked in first (by
-- (hlc, origin)) is the visit, the other points to it (duplicate_of) and stays off the board.
DROP INDEX waiting_entry_appointment;
CREATE INDEX waiting_entry_appointment ON waiting_entry (appointment_id);
ALTER TABLE waiting_entry ADD COLUMN created_version VARCHAR(200) DEFAULT '' NOT NULL;
ALTER TABLE waiting_entry ADD COLUMN duplicate_of VARCHAR(36);

-- The open conflicts the admin page lists are read from these.
CREATE INDEX patient_document_loser ON patient (document_key, document_norm);
CREATE INDEX appointment_double_booked ON appointment (double_booked);
CREATE INDEX waiting_entry_duplicate ON waiting_entry (duplicate_of);
