import type { Failures } from '../failures.ts';
import type { NostrEvent } from '../nostr/event.ts';
import { type FanOutAccess, fanOutScoped } from '../subscriptions/fan-out.ts';
import type { SubscriptionRegistry } from '../subscriptions/registry.ts';
import { channelIdOf, isGlobalOnly } from './kinds.ts';

/** An event another node stored, as it comes from Redis: delivered to this node's subscriptions, not dispatched. */
export function remoteEventHandler(
  subscriptions: SubscriptionRegistry,
  access: FanOutAccess,
  failures: Failures,
): (raw: string) => void {
  return (raw) => {
    // Runs from the fan-in queue's setImmediate: a message that does not parse must not reach the event loop.
    let event: NostrEvent;
    try {
      event = JSON.parse(raw) as NostrEvent;
    } catch (error) {
      failures.record('remote_event', error, { bytes: raw.length });
      return;
    }
    // Global-only kinds keep their h tag but belong to no channel, as on the node that stored them.
    const channel = isGlobalOnly(event.kind) ? undefined : channelIdOf(event.tags);
    fanOutScoped(subscriptions, access, event, raw, channel).catch((error: unknown) =>
      failures.record('remote_event', error, { bytes: raw.length }),
    );
  };
}
