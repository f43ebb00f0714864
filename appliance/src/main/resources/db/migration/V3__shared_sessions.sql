-- A clustered node's copy of its clinic's shared sessions (docs/ARCHITECTURE.md, "Shared state"): every node keeps
-- every session of the cluster, logged-out ones as tombstones until no copy of them could still be valid, so that a
-- restart of every node keeps the sessions and never brings back one that was logged out. Node-local state like
-- user_session (which only nodes that run alone use); not rebuilt from the journal. Times are epoch milliseconds.
CREATE TABLE shared_session (
    token_hash VARCHAR(64)    PRIMARY KEY,
    expires_at BIGINT         NOT NULL,
    keep_until BIGINT         NOT NULL,
    revoked    BOOLEAN        NOT NULL,
    sealed     VARBINARY(512) NOT NULL
);
CREATE INDEX shared_session_keep ON shared_session (keep_until);
