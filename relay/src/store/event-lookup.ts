import type pg from 'pg';

// Single-event questions the ingest pipeline asks before it stores an event (reaction targets and duplicates).

export class EventLookup {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  /** The stored event's channel (null: global), or undefined when no event has that id. */
  async channelOf(id: string): Promise<string | null | undefined> {
    const { rows } = await this.#pool.query<{ channel: string | null }>('SELECT channel FROM events WHERE id = $1', [
      id,
    ]);
    return rows.length === 0 ? undefined : (rows[0]?.channel ?? null);
  }

  /** Whether `pubkey` already reacted to `target` with this content (buzz keeps one reaction per emoji). */
  async hasReaction(pubkey: string, target: string, content: string): Promise<boolean> {
    const { rows } = await this.#pool.query(
      `SELECT 1 FROM events WHERE kind = 7 AND pubkey = $1 AND $2 = ANY(tagvals) AND raw::jsonb->>'content' = $3 LIMIT 1`,
      [pubkey, `e:${target}`, content],
    );
    return rows.length > 0;
  }
}
