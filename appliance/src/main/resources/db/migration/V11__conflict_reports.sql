-- Conflicts reported to central (docs/ARCHITECTURE.md, "Conflicts reach central"): one row per conflict a
-- conflict.<kind> event reported, keyed by the conflict's own id (the one replication_conflict and the open-conflict
-- listing use), so that each conflict is journaled once. reported_version is the earliest report's version
-- (hlc:origin:seq): when both sides of a partition reported one conflict, every node keeps the same row.
CREATE TABLE conflict_report (
    conflict_id      VARCHAR(300) PRIMARY KEY,
    kind             VARCHAR(40)  NOT NULL,
    reported_version VARCHAR(200) NOT NULL
);
