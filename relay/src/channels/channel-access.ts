import type { MetricsRegistry } from '../metrics/registry.ts';
import type { ChannelStore } from './channel-store.ts';
import { TtlCache } from './ttl-cache.ts';

// Who may post to and read which channel, behind buzz's caches (snapshot 9ee5aee: buzz-relay/src/state.rs
// is_member_cached, get_accessible_channel_ids_cached, channel_visibility_cached). Each cache lives on one node
// only, as buzz's do; a change is invalidated where it was made.

/** Every cache keeps an answer this long (buzz: 10 s). */
export const ACCESS_CACHE_TTL_MS = 10_000;

export class ChannelAccess {
  readonly #store: ChannelStore;
  readonly #membership: TtlCache<boolean>;
  readonly #accessible: TtlCache<readonly string[]>;
  readonly #now: () => number;
  /** Only `private` is kept: a stale `open` would let a channel's events out after it became private. */
  readonly #privateUntil = new Map<string, number>();

  constructor(store: ChannelStore, metrics: MetricsRegistry, now: () => number = Date.now) {
    this.#store = store;
    this.#now = now;
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

  isMember(channel: string, pubkey: string): Promise<boolean> {
    return this.#membership.get(`${channel}\n${pubkey}`, () => this.#store.isMember(channel, pubkey));
  }

  /** buzz ingest step 8: a member, or anyone in an open channel; a channel that does not exist is not open. */
  async canPublish(channel: string, pubkey: string): Promise<boolean> {
    if (await this.isMember(channel, pubkey)) return true;
    return (await this.#store.get(channel))?.visibility === 'open';
  }

  /** What REQ and COUNT may read: the pubkey's channels and every open one. */
  accessibleChannels(pubkey: string): Promise<readonly string[]> {
    return this.#accessible.get(pubkey, () => this.#store.accessibleChannels(pubkey));
  }

  /** Fan-out to a private channel checks every recipient; an unknown channel counts as not private. */
  async isPrivate(channel: string): Promise<boolean> {
    const until = this.#privateUntil.get(channel);
    if (until !== undefined && until > this.#now()) return true;
    const visibility = (await this.#store.get(channel))?.visibility;
    if (visibility === 'private') this.#privateUntil.set(channel, this.#now() + ACCESS_CACHE_TTL_MS);
    return visibility === 'private';
  }

  /** After the pubkey joined or left the channel. */
  invalidateMembership(channel: string, pubkey: string): void {
    this.#membership.delete(`${channel}\n${pubkey}`);
    this.#accessible.delete(pubkey);
  }

  /** Cache invalidations from other nodes were lost: nothing cached can be trusted. */
  clear(): void {
    this.#membership.clear();
    this.#accessible.clear();
    this.#privateUntil.clear();
  }

  /** A new open channel is in everyone's accessible set. */
  invalidateAllAccessible(): void {
    this.#accessible.clear();
  }
}
