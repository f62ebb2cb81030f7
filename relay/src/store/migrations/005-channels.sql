-- NIP-29 channels as buzz keeps them: a row per channel (kind 9007), its members with a role each. A removed
-- member's row is deleted; the events table keeps the 9000/9001 history.
-- Databases migrated before this file hold an earlier channel_members of another shape, never written to.
DROP TABLE IF EXISTS channel_members;

CREATE TABLE IF NOT EXISTS channels (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  visibility   text NOT NULL CHECK (visibility IN ('open', 'private')),
  channel_type text NOT NULL CHECK (channel_type IN ('stream', 'forum', 'dm', 'workflow')),
  description  text,
  created_by   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS channel_members (
  channel_id text NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
  pubkey     text NOT NULL,
  role       text NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'guest', 'bot')),
  added_by   text,
  joined_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (channel_id, pubkey)
);
CREATE INDEX IF NOT EXISTS channel_members_pubkey_idx ON channel_members (pubkey);
CREATE INDEX IF NOT EXISTS channels_open_idx ON channels (id) WHERE visibility = 'open';
