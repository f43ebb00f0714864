-- Tamper-evident audit trail (docs/ARCHITECTURE.md, "Audit"): each origin node's entries form a hash chain in the
-- origin's event order. chain_seq is the entry's place in its node's chain (1, 2, 3… without gaps, so a deleted entry
-- leaves a hole); entry_hash is SHA-256 over the entry's fields and the previous entry's hash. Entries written before
-- this version are chained by V10.
ALTER TABLE audit_entry ADD COLUMN origin_seq BIGINT;
ALTER TABLE audit_entry ADD COLUMN chain_seq BIGINT;
ALTER TABLE audit_entry ADD COLUMN entry_hash VARCHAR(64);
CREATE UNIQUE INDEX audit_entry_chain ON audit_entry (node, chain_seq);

-- The head of each node's chain, moved in the transaction that appends an entry: an entry deleted from the end of a
-- chain is still missed against it.
CREATE TABLE audit_chain (
    node            VARCHAR(64) PRIMARY KEY,
    last_seq        BIGINT      NOT NULL,
    last_hash       VARCHAR(64) NOT NULL,
    last_origin_seq BIGINT      NOT NULL
);

-- The patients a SEARCH entry showed, in the order shown; part of the entry (its hash covers them) and the index
-- that puts the search in each shown patient's trail.
CREATE TABLE audit_entry_patient (
    entry_id   VARCHAR(80) NOT NULL,
    position   INT         NOT NULL,
    patient_id VARCHAR(36) NOT NULL,
    PRIMARY KEY (entry_id, position)
);
CREATE INDEX audit_entry_patient_patient ON audit_entry_patient (patient_id, entry_id);
