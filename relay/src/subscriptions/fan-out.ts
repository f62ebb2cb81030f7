import type { NostrEvent } from '../nostr/event.ts';
import type { SubscriptionRegistry } from './registry.ts';

/**
 * Delivers an event to every matching subscription of this node that may see its channel. The event's JSON text
 * was made once at ingest; each recipient gets it inside its subscription's ready-made frame prefix.
 * Returns the number of subscriptions it went to.
 */
export function fanOutScoped(
  registry: SubscriptionRegistry,
  event: NostrEvent,
  raw: string,
  channel: string | undefined,
): number {
  let recipients = 0;
  const tail = `${raw}]`;
  for (const sub of registry.all) {
    if (!sub.matches(event, channel)) continue;
    sub.deliver(event.id, sub.framePrefix + tail);
    recipients++;
  }
  return recipients;
}
