-- Audit trail written by relay/src/audit/audit-log.ts: one row per recorded action (media upload, ...).
-- occurred_at is when the relay recorded the action, not when the worker got to write it.
CREATE TABLE IF NOT EXISTS audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  occurred_at timestamptz NOT NULL,
  action      text NOT NULL,
  pubkey      text,
  conn_id     text,
  detail      jsonb NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX IF NOT EXISTS audit_log_occurred_at_idx ON audit_log (occurred_at);
