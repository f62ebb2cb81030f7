import type pg from 'pg';

/** Channel membership (NIP-29 style) and relay membership (NIP-43 style), as rows in Postgres. */
export class MembershipStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async isChannelMember(channel: string, pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query({
      name: 'channel_member',
      text: 'SELECT 1 FROM channel_members WHERE channel = $1 AND pubkey = $2',
      values: [channel, pubkey],
    });
    return rowCount === 1;
  }

  async channelsOf(pubkey: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ channel: string }>({
      name: 'channels_of',
      text: 'SELECT channel FROM channel_members WHERE pubkey = $1 ORDER BY channel',
      values: [pubkey],
    });
    return rows.map((row) => row.channel);
  }

  async isRelayMember(pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM relay_members WHERE pubkey = $1', [pubkey]);
    return rowCount === 1;
  }
}

export async function addChannelMembers(client: pg.PoolClient, channel: string, pubkeys: readonly string[]) {
  await client.query(
    'INSERT INTO channel_members (channel, pubkey) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
    [channel, pubkeys],
  );
}

export async function removeChannelMembers(client: pg.PoolClient, channel: string, pubkeys: readonly string[]) {
  await client.query('DELETE FROM channel_members WHERE channel = $1 AND pubkey = ANY($2::text[])', [channel, pubkeys]);
}

export async function addRelayMembers(client: pg.PoolClient, pubkeys: readonly string[]) {
  await client.query('INSERT INTO relay_members (pubkey) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [pubkeys]);
}

export async function removeRelayMembers(client: pg.PoolClient, pubkeys: readonly string[]) {
  await client.query('DELETE FROM relay_members WHERE pubkey = ANY($1::text[])', [pubkeys]);
}
