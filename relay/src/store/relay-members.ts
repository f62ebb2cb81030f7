import type pg from 'pg';

// Relay membership (NIP-43) and the AUTH allow-list, in buzz's tables and with its rules (snapshot 9ee5aee:
// buzz-db/src/relay_members.rs): adding is idempotent and never changes a role, the owner can be neither removed
// nor re-roled, and start-up copies the allow-list into the members and makes RELAY_OWNER_PUBKEY the one owner.

export const RELAY_ROLES = ['owner', 'admin', 'member'] as const;
export type RelayRole = (typeof RELAY_ROLES)[number];

export interface RelayMember {
  readonly pubkey: string;
  readonly role: RelayRole;
}

export type RemoveOutcome = 'removed' | 'owner' | 'not_found' | 'role_mismatch';

export class RelayMembers {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async isRelayMember(pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM relay_members WHERE pubkey = $1', [pubkey]);
    return rowCount === 1;
  }

  async isAllowlisted(pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM pubkey_allowlist WHERE pubkey = $1', [pubkey]);
    return rowCount === 1;
  }

  async roleOf(pubkey: string): Promise<RelayRole | undefined> {
    const { rows } = await this.#pool.query<{ role: RelayRole }>('SELECT role FROM relay_members WHERE pubkey = $1', [
      pubkey,
    ]);
    return rows[0]?.role;
  }

  /** Oldest first, as buzz lists them in its kind-13534 event. */
  async list(): Promise<RelayMember[]> {
    const { rows } = await this.#pool.query<RelayMember>(
      'SELECT pubkey, role FROM relay_members ORDER BY added_at ASC, pubkey ASC',
    );
    return rows;
  }

  /** False when the pubkey was a member already (its role is left as it is). */
  async add(pubkey: string, role: RelayRole, addedBy: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      'INSERT INTO relay_members (pubkey, role, added_by) VALUES ($1, $2, $3) ON CONFLICT (pubkey) DO NOTHING',
      [pubkey, role, addedBy],
    );
    return rowCount === 1;
  }

  /** `onlyRole`: an admin may remove members only, so the row must still have that role when it is deleted. */
  async remove(pubkey: string, onlyRole?: RelayRole): Promise<RemoveOutcome> {
    const { rowCount } =
      onlyRole === undefined
        ? await this.#pool.query("DELETE FROM relay_members WHERE pubkey = $1 AND role <> 'owner'", [pubkey])
        : await this.#pool.query('DELETE FROM relay_members WHERE pubkey = $1 AND role = $2', [pubkey, onlyRole]);
    if (rowCount === 1) return 'removed';
    const role = await this.roleOf(pubkey);
    if (role === undefined) return 'not_found';
    return role === 'owner' ? 'owner' : 'role_mismatch';
  }

  /** False when there is no such member or it is the owner. */
  async changeRole(pubkey: string, role: RelayRole): Promise<boolean> {
    const { rowCount } = await this.#pool.query(
      "UPDATE relay_members SET role = $1 WHERE pubkey = $2 AND role <> 'owner'",
      [role, pubkey],
    );
    return rowCount === 1;
  }

  /** Start-up: allow-listed pubkeys become members, then the configured owner is the only owner. */
  async bootstrap(owner: string | undefined): Promise<void> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        "INSERT INTO relay_members (pubkey, role) SELECT pubkey, 'member' FROM pubkey_allowlist ON CONFLICT (pubkey) DO NOTHING",
      );
      if (owner !== undefined) {
        await client.query(
          "INSERT INTO relay_members (pubkey, role) VALUES ($1, 'owner') ON CONFLICT (pubkey) DO UPDATE SET role = 'owner'",
          [owner],
        );
        await client.query("UPDATE relay_members SET role = 'admin' WHERE role = 'owner' AND pubkey <> $1", [owner]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
}
