-- Replication (docs/ARCHITECTURE.md, "Replication"): where to find an origin's events in this node's journal,
-- and the events this node holds but whose effect its data refused.

-- A sparse index from (origin, sequence) to this node's journal index: one mark per 256 events of an origin,
-- so that serving "origin X from sequence N" to a node that is catching up reads the journal from the nearest
-- mark instead of from its start. Journal indexes are local: each node keeps its own marks.
CREATE TABLE journal_mark (
    origin        VARCHAR(64) NOT NULL,
    origin_seq    BIGINT      NOT NULL,
    journal_index BIGINT      NOT NULL,
    PRIMARY KEY (origin, origin_seq)
);

-- Events received from another node that the data here refused (for example an appointment whose slot the
-- other side of a partition had given away). The event stays in the journal and counts as applied, so the
-- origin's later events still apply; the refusal is kept here for a human to settle.
CREATE TABLE replication_conflict (
    origin      VARCHAR(64)  NOT NULL,
    origin_seq  BIGINT       NOT NULL,
    hlc         BIGINT       NOT NULL,
    event_type  VARCHAR(64)  NOT NULL,
    record_key  VARCHAR(80)  NOT NULL,
    actor       VARCHAR(64)  NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    detected_at TIMESTAMP    NOT NULL,
    PRIMARY KEY (origin, origin_seq)
);
