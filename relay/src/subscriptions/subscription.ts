import type { NostrEvent } from '../nostr/event.ts';
import { type Filter, matchAny } from '../nostr/filter.ts';
import { eventFramePrefix } from '../nostr/replies.ts';

/** What a subscription needs of its connection. */
export interface Subscriber {
  readonly id: string;
  readonly pubkey: string | undefined;
  /** Queues a live frame under the slow-client rule (it may be dropped, and the connection with it). */
  sendLive(frame: string): void;
}

/**
 * One REQ. Until its stored events and EOSE are out it is `loading`: live events are held back, then sent after
 * EOSE unless the stored answer already carried them, so a client sees each event once and in NIP-01 order.
 */
export class Subscription {
  readonly subscriber: Subscriber;
  readonly id: string;
  readonly filters: readonly Filter[];
  readonly framePrefix: string;
  /** The one channel every filter names with `#h`, or undefined for a global subscription. */
  readonly channel: string | undefined;
  #held: { id: string; frame: string }[] | undefined = [];

  constructor(subscriber: Subscriber, id: string, filters: readonly Filter[], channel: string | undefined) {
    this.subscriber = subscriber;
    this.id = id;
    this.filters = filters;
    this.framePrefix = eventFramePrefix(id);
    this.channel = channel;
  }

  /**
   * buzz splits live delivery strictly: a channel's events go to that channel's subscriptions only, global events
   * to global ones only (snapshot 9ee5aee: buzz-relay/src/subscription.rs fan_out).
   */
  matches(event: NostrEvent, channel: string | undefined): boolean {
    return channel === this.channel && matchAny(this.filters, event);
  }

  deliver(eventId: string, frame: string): void {
    if (this.#held !== undefined) this.#held.push({ id: eventId, frame });
    else this.subscriber.sendLive(frame);
  }

  /** After EOSE: send what arrived meanwhile and was not in the stored answer, then deliver directly. */
  goLive(alreadySent: ReadonlySet<string>): void {
    const held = this.#held ?? [];
    this.#held = undefined;
    for (const { id, frame } of held) if (!alreadySent.has(id)) this.subscriber.sendLive(frame);
  }
}
