-- The front desk's day (issue 11, desk-a): undo, squeeze-ins, walk-ins, priorities, rooms and the call panel.

-- squeeze_in: an encaixe, booked on purpose over or between other appointments; it never takes a slot from anyone
-- (overlap checks and the double-booking flag leave it out).
ALTER TABLE appointment ADD COLUMN squeeze_in BOOLEAN DEFAULT FALSE NOT NULL;
-- When the status last changed (UTC): undoing a no-show, a cancellation or a check-in is allowed that same day.
ALTER TABLE appointment ADD COLUMN status_changed_at TIMESTAMP;

-- A walk-in visit has no appointment.
ALTER TABLE waiting_entry ALTER COLUMN appointment_id SET NULL;
ALTER TABLE waiting_entry ADD COLUMN walk_in BOOLEAN DEFAULT FALSE NOT NULL;
-- Legal priorities (Lei 10.048/2000), comma-separated, and the rank the board orders by (2: 80+, 1: other, 0: none).
ALTER TABLE waiting_entry ADD COLUMN priorities VARCHAR(200);
ALTER TABLE waiting_entry ADD COLUMN priority_rank INT DEFAULT 0 NOT NULL;
-- The room the patient was called to, when it is not their practitioner's usual one.
ALTER TABLE waiting_entry ADD COLUMN room VARCHAR(60);
-- A check-in undone by the desk (a mistake): kept for the audit trail, off the board.
ALTER TABLE waiting_entry ADD COLUMN undone BOOLEAN DEFAULT FALSE NOT NULL;
-- The (hlc, origin) of the event that set the status: statuses can now go back (a mistaken call), so last writer wins.
ALTER TABLE waiting_entry ADD COLUMN status_version VARCHAR(200);
CREATE INDEX waiting_entry_called ON waiting_entry (visit_day, called_at);

-- Each practitioner's usual consultório.
CREATE TABLE practitioner_room (
    practitioner_id VARCHAR(36) PRIMARY KEY,
    room            VARCHAR(60) NOT NULL,
    version         VARCHAR(200) NOT NULL,
    updated_at      TIMESTAMP   NOT NULL
);

-- Tokens that open the waiting-room call panel (/panel) on a TV: only their SHA-256 is kept.
CREATE TABLE display_token (
    id         VARCHAR(36)  PRIMARY KEY,
    name       VARCHAR(100) NOT NULL,
    token_hash VARCHAR(64)  NOT NULL,
    created_by VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX display_token_hash ON display_token (token_hash);
