import type { Gauge } from '../metrics/registry.ts';
import type { Subscriber, Subscription } from './subscription.ts';

export type AddResult = 'added' | 'replaced' | 'limit';

/** Every live REQ of this node, by connection, keeping `buzz_subscriptions_active` equal to their number. */
export class SubscriptionRegistry {
  readonly #gauge: Gauge;
  readonly #limit: number;
  readonly #byConnection = new Map<Subscriber, Map<string, Subscription>>();
  #all: Subscription[] = [];

  constructor(gauge: Gauge, limitPerConnection: number) {
    this.#gauge = gauge;
    this.#limit = limitPerConnection;
  }

  /** Everything fan-out walks; replaced on change, so a walk in progress is never disturbed. */
  get all(): readonly Subscription[] {
    return this.#all;
  }

  add(subscription: Subscription): AddResult {
    const subscriber = subscription.subscriber;
    let subs = this.#byConnection.get(subscriber);
    const previous = subs?.get(subscription.id);
    if (previous === undefined && (subs?.size ?? 0) >= this.#limit) return 'limit';
    if (subs === undefined) {
      subs = new Map();
      this.#byConnection.set(subscriber, subs);
    }
    subs.set(subscription.id, subscription);
    if (previous !== undefined) {
      this.#all = this.#all.map((sub) => (sub === previous ? subscription : sub));
      return 'replaced';
    }
    this.#all = [...this.#all, subscription];
    this.#gauge.add(1);
    return 'added';
  }

  /** True when a subscription of that id was registered (and is now gone). */
  remove(subscriber: Subscriber, id: string): boolean {
    const subs = this.#byConnection.get(subscriber);
    const sub = subs?.get(id);
    if (subs === undefined || sub === undefined) return false;
    subs.delete(id);
    if (subs.size === 0) this.#byConnection.delete(subscriber);
    this.#all = this.#all.filter((s) => s !== sub);
    this.#gauge.add(-1);
    return true;
  }

  /** Drops every subscription of a connection that went away; returns how many. */
  removeAll(subscriber: Subscriber): number {
    const subs = this.#byConnection.get(subscriber);
    if (subs === undefined) return 0;
    this.#byConnection.delete(subscriber);
    const gone = new Set(subs.values());
    this.#all = this.#all.filter((s) => !gone.has(s));
    this.#gauge.add(-gone.size);
    return gone.size;
  }

  isCurrent(subscription: Subscription): boolean {
    return this.#byConnection.get(subscription.subscriber)?.get(subscription.id) === subscription;
  }

  ofPubkey(pubkey: string): Subscription[] {
    return this.#all.filter((sub) => sub.subscriber.pubkey === pubkey);
  }
}
