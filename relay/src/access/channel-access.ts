import type { Invalidation } from '../bus/redis-bus.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import type { ChannelScope } from '../store/event-queries.ts';
import type { MembershipStore } from '../store/membership.ts';
import { TtlCache } from './ttl-cache.ts';

/** Both caches keep an answer this long (CONTRACT §2.3). */
export const ACCESS_CACHE_TTL_MS = 10_000;

const ALL: ChannelScope = { all: true };

/**
 * Who may publish to and read which channel. Administrators (the relay owner and the relay's own key) may do
 * everything and bypass the caches; everyone else goes through the membership cache (publishing) and the
 * accessible-channels cache (REQ and COUNT).
 */
export class ChannelAccess {
  readonly #store: MembershipStore;
  readonly #admins: ReadonlySet<string>;
  readonly #membership: TtlCache<boolean>;
  readonly #accessible: TtlCache<ChannelScope>;

  constructor(store: MembershipStore, admins: ReadonlySet<string>, metrics: MetricsRegistry, now?: () => number) {
    this.#store = store;
    this.#admins = admins;
    this.#membership = new TtlCache(
      ACCESS_CACHE_TTL_MS,
      metrics.counter('buzz_membership_cache_hits_total'),
      metrics.counter('buzz_membership_cache_misses_total'),
      now,
    );
    this.#accessible = new TtlCache(
      ACCESS_CACHE_TTL_MS,
      metrics.counter('buzz_accessible_channels_cache_hits_total'),
      metrics.counter('buzz_accessible_channels_cache_misses_total'),
      now,
    );
  }

  isAdmin(pubkey: string): boolean {
    return this.#admins.has(pubkey);
  }

  canPublish(channel: string, pubkey: string): Promise<boolean> {
    if (this.#admins.has(pubkey)) return Promise.resolve(true);
    return this.#membership.get(`${channel}\n${pubkey}`, () => this.#store.isChannelMember(channel, pubkey));
  }

  scopeFor(pubkey: string): Promise<ChannelScope> {
    if (this.#admins.has(pubkey)) return Promise.resolve(ALL);
    return this.#accessible.get(pubkey, async () => ({ all: false, channels: await this.#store.channelsOf(pubkey) }));
  }

  invalidate(invalidation: Invalidation): void {
    for (const pubkey of invalidation.pubkeys) {
      this.#membership.delete(`${invalidation.channel}\n${pubkey}`);
      this.#accessible.delete(pubkey);
    }
  }

  clear(): void {
    this.#membership.clear();
    this.#accessible.clear();
  }
}
