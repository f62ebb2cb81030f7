import type { NostrEvent } from '../nostr/event.ts';
import { type Filter, matchAny } from '../nostr/filter.ts';
import { eventFramePrefix } from '../nostr/replies.ts';
import type { ChannelScope } from '../store/event-queries.ts';

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
  #channels: ReadonlySet<string> | 'all';
  #held: { id: string; frame: string }[] | undefined = [];

  constructor(subscriber: Subscriber, id: string, filters: readonly Filter[], scope: ChannelScope) {
    this.subscriber = subscriber;
    this.id = id;
    this.filters = filters;
    this.framePrefix = eventFramePrefix(id);
    this.#channels = scope.all ? 'all' : new Set(scope.channels);
  }

  set scope(scope: ChannelScope) {
    this.#channels = scope.all ? 'all' : new Set(scope.channels);
  }

  /** Public events always; channel events only for channels the subscriber may read. */
  matches(event: NostrEvent, channel: string | undefined): boolean {
    if (channel !== undefined && this.#channels !== 'all' && !this.#channels.has(channel)) return false;
    return matchAny(this.filters, event);
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
