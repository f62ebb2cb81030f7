import type pg from 'pg';

// NIP-29 channels and their members in Postgres (relay/src/store/migrations/005-channels.sql), as buzz-db keeps
// them (snapshot 9ee5aee: buzz-db/src/channel.rs).

export type Visibility = 'open' | 'private';
export const VISIBILITIES: readonly string[] = ['open', 'private'];
export const CHANNEL_TYPES: readonly string[] = ['stream', 'forum', 'dm', 'workflow'];
export const ROLES: readonly string[] = ['owner', 'admin', 'member', 'guest', 'bot'];
/** Roles that may grant roles and remove others. */
export const isElevated = (role: string): boolean => role === 'owner' || role === 'admin';

/** buzz-db's get_accessible_channel_ids answers at most this many channels. */
const ACCESSIBLE_LIMIT = 1000;

export interface NewChannel {
  readonly id: string;
  readonly name: string;
  readonly visibility: Visibility;
  readonly channelType: string;
  readonly description: string | undefined;
  readonly createdBy: string;
}

export interface Channel {
  readonly id: string;
  readonly name: string;
  readonly visibility: Visibility;
  readonly channelType: string;
  readonly description: string | null;
}

export interface Member {
  readonly pubkey: string;
  readonly role: string;
}

export class ChannelStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** Creates the channel with its creator as owner; false when the id is taken. */
  async create(channel: NewChannel): Promise<boolean> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const { rowCount } = await client.query(
        `INSERT INTO channels (id, name, visibility, channel_type, description, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [
          channel.id,
          channel.name,
          channel.visibility,
          channel.channelType,
          channel.description ?? null,
          channel.createdBy,
        ],
      );
      if (rowCount === 1) {
        await client.query(
          `INSERT INTO channel_members (channel_id, pubkey, role, added_by) VALUES ($1, $2, 'owner', $2)`,
          [channel.id, channel.createdBy],
        );
      }
      await client.query('COMMIT');
      return rowCount === 1;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async get(id: string): Promise<Channel | undefined> {
    const { rows } = await this.#pool.query<Channel>({
      name: 'channel_get',
      text: `SELECT id, name, visibility, channel_type AS "channelType", description FROM channels WHERE id = $1`,
      values: [id],
    });
    return rows[0];
  }

  async isMember(id: string, pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query({
      name: 'channel_is_member',
      text: 'SELECT 1 FROM channel_members WHERE channel_id = $1 AND pubkey = $2',
      values: [id, pubkey],
    });
    return rowCount === 1;
  }

  /** In the order they joined. */
  async members(id: string): Promise<Member[]> {
    const { rows } = await this.#pool.query<Member>({
      name: 'channel_members',
      text: 'SELECT pubkey, role FROM channel_members WHERE channel_id = $1 ORDER BY joined_at, pubkey',
      values: [id],
    });
    return rows;
  }

  /** Adds the member, or changes the role of one already there. */
  async putMember(id: string, pubkey: string, role: string, addedBy: string): Promise<void> {
    await this.#pool.query(
      `INSERT INTO channel_members (channel_id, pubkey, role, added_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (channel_id, pubkey) DO UPDATE SET role = EXCLUDED.role`,
      [id, pubkey, role, addedBy],
    );
  }

  async removeMember(id: string, pubkey: string): Promise<void> {
    await this.#pool.query('DELETE FROM channel_members WHERE channel_id = $1 AND pubkey = $2', [id, pubkey]);
  }

  /** The channels a pubkey is a member of, and every open channel. */
  async accessibleChannels(pubkey: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>({
      name: 'channels_accessible',
      text: `SELECT channel_id AS id FROM channel_members WHERE pubkey = $1
             UNION SELECT id FROM channels WHERE visibility = 'open' LIMIT ${ACCESSIBLE_LIMIT}`,
      values: [pubkey],
    });
    return rows.map((row) => row.id);
  }

  /** created_at of the newest stored event of this kind in the channel (discovery events must move forward). */
  async newestCreatedAt(id: string, kind: number): Promise<number | undefined> {
    const { rows } = await this.#pool.query<{ at: string | null }>({
      name: 'channel_newest_kind',
      text: 'SELECT max(created_at) AS at FROM events WHERE channel = $1 AND kind = $2',
      values: [id, kind],
    });
    const at = rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }
}
