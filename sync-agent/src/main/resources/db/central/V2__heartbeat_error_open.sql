-- Whether the leader's last sync error is still open: true from the failure until the leader has shipped its
-- backlog again. last_error stays as history (with its time), error_open decides the dashboard's "errors" state.
ALTER TABLE node_heartbeat ADD COLUMN error_open boolean NOT NULL DEFAULT false;
