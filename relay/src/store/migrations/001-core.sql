-- Core schema of the reference relay: events and relay membership (channels: 005-channels.sql).
-- An event is one row; its JSON text is kept as received-and-validated (raw) so a query answers with it directly.
CREATE TABLE IF NOT EXISTS events (
  id          text PRIMARY KEY,
  pubkey      text NOT NULL,
  kind        integer NOT NULL,
  created_at  bigint NOT NULL,
  -- The event's `h` tag: the channel it belongs to (NULL = public).
  channel     text,
  -- pubkey:kind for replaceable kinds, pubkey:kind:d for addressable ones; NULL otherwise.
  replace_key text,
  -- '<letter>:<value>' for each single-letter tag: what NIP-01 tag filters look up.
  tagvals     text[] NOT NULL DEFAULT '{}',
  raw         text NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX IF NOT EXISTS events_replace_key_idx ON events (replace_key) WHERE replace_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_created_at_idx ON events (created_at DESC, id);
CREATE INDEX IF NOT EXISTS events_pubkey_idx ON events (pubkey, created_at DESC);
CREATE INDEX IF NOT EXISTS events_kind_idx ON events (kind, created_at DESC);
CREATE INDEX IF NOT EXISTS events_channel_idx ON events (channel, created_at DESC) WHERE channel IS NOT NULL;
CREATE INDEX IF NOT EXISTS events_tagvals_idx ON events USING gin (tagvals);

CREATE TABLE IF NOT EXISTS relay_members (
  pubkey   text PRIMARY KEY,
  added_at timestamptz NOT NULL DEFAULT now()
);
