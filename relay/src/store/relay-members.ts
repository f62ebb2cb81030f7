import type pg from 'pg';

/** Relay membership (BUZZ_REQUIRE_RELAY_MEMBERSHIP): who may authenticate at all. */
export class RelayMembers {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async isRelayMember(pubkey: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('SELECT 1 FROM relay_members WHERE pubkey = $1', [pubkey]);
    return rowCount === 1;
  }
}
