import type { NostrEvent } from '../nostr/event.ts';
import type { SubscriptionRegistry } from './registry.ts';
import type { Subscription } from './subscription.ts';

/** What fan-out asks of channel access (relay/src/channels/channel-access.ts). */
export interface FanOutAccess {
  isPrivate(channel: string): Promise<boolean>;
  isMember(channel: string, pubkey: string): Promise<boolean>;
}

/**
 * Delivers an event to this node's matching subscriptions; a private channel's events only to members, each
 * recipient checked through the membership cache (snapshot 9ee5aee: buzz-relay/src/handlers/event.rs
 * filter_fanout_by_access). The event's JSON text was made once; each recipient gets it inside its
 * subscription's ready-made frame prefix. Returns the number of subscriptions it went to.
 */
export async function fanOutScoped(
  registry: SubscriptionRegistry,
  access: FanOutAccess,
  event: NostrEvent,
  raw: string,
  channel: string | undefined,
): Promise<number> {
  let recipients = registry.all.filter((sub) => sub.matches(event, channel));
  if (channel !== undefined && recipients.length > 0 && (await access.isPrivate(channel))) {
    const allowed: Subscription[] = [];
    for (const sub of recipients) {
      const pubkey = sub.subscriber.pubkey;
      if (pubkey !== undefined && (await access.isMember(channel, pubkey))) allowed.push(sub);
    }
    recipients = allowed;
  }
  deliver(recipients, event, raw);
  return recipients.length;
}

/** Delivery without the access filter, for the relay's own notices to one pubkey. */
export function deliverLocally(
  registry: SubscriptionRegistry,
  event: NostrEvent,
  raw: string,
  channel: string | undefined,
): void {
  deliver(
    registry.all.filter((sub) => sub.matches(event, channel)),
    event,
    raw,
  );
}

function deliver(recipients: readonly Subscription[], event: NostrEvent, raw: string): void {
  const tail = `${raw}]`;
  for (const sub of recipients) sub.deliver(event.id, sub.framePrefix + tail);
}
