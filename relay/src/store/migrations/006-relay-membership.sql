-- Relay membership (NIP-43) with buzz's roles, and the allow-list table BUZZ_PUBKEY_ALLOWLIST consults. Nothing in
-- the relay writes pubkey_allowlist: as in buzz, operators fill it with SQL; its rows become members at start-up.
ALTER TABLE relay_members ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT 'member'
  CHECK (role IN ('owner', 'admin', 'member'));
ALTER TABLE relay_members ADD COLUMN IF NOT EXISTS added_by text;

CREATE TABLE IF NOT EXISTS pubkey_allowlist (
  pubkey   text PRIMARY KEY,
  added_at timestamptz NOT NULL DEFAULT now()
);
