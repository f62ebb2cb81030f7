-- Workflow definitions and their runs (relay/src/workflows/README.md says how definitions are created).
-- workflow_runs.event_id has no foreign key to the events table on purpose: the workflow feature does not
-- depend on the core schema's shape.
CREATE TABLE IF NOT EXISTS workflows (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  trigger_kind integer NOT NULL CONSTRAINT workflows_trigger_kind_range CHECK (trigger_kind BETWEEN 0 AND 65535),
  action       text NOT NULL CONSTRAINT workflows_action_known CHECK (action IN ('record')),
  enabled      boolean NOT NULL DEFAULT true,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS workflows_enabled_kind_idx ON workflows (trigger_kind) WHERE enabled;

CREATE TABLE IF NOT EXISTS workflow_runs (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  workflow_id bigint NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
  event_id    text NOT NULL,
  ran_at      timestamptz NOT NULL DEFAULT now(),
  outcome     text NOT NULL,
  -- One run per workflow and event, so a replayed event cannot run a workflow twice.
  CONSTRAINT workflow_runs_once UNIQUE (workflow_id, event_id)
);
