import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';
import { type PreparedEvent, prepareEvent } from '../store/event-writer.ts';
import { fanOutScoped } from '../subscriptions/fan-out.ts';
import { isSearchIndexed, triggersWorkflow } from './kinds.ts';

// What every stored event goes through, whoever signed it (snapshot 9ee5aee: buzz-relay/src/handlers/event.rs
// `dispatch_persistent_event`): Redis for the other nodes, local fan-out (its recipient count observed even at 0),
// the search index, one audit entry naming the actor, and the workflow engine, which buzz counts in
// buzz_workflow_runs_total{trigger=<kind>} each time it accepts an event, whether or not a workflow matched.
// Relay-signed events (channel discovery, membership lists) come here too, but never count as received or stored.

const NO_SPAN_ATTRIBUTES = {};

/** `stored` is the row the store took: its JSON text, made once, is what Redis and the subscribers get. */
export async function dispatchPersistent(ctx: RelayContext, stored: PreparedEvent, actor: string): Promise<void> {
  const { event, raw, channel } = stored;
  ctx.bus.publishEvent(raw);
  await fanOut(ctx, event, raw, channel);
  if (isSearchIndexed(event.kind)) ctx.search.index(event);
  ctx.audit?.record({
    action: 'event_created',
    pubkey: actor,
    detail: { event_id: event.id, kind: event.kind, channel: channel ?? null },
  });
  if (triggersWorkflow(event.kind)) {
    ctx.workflows?.onPersisted(event);
    ctx.metrics.workflowRuns.inc([String(event.kind)]);
  }
}

/** A relay-signed event: stored, and dispatched with the relay as its actor if the store took it as new. */
export async function storeAndDispatchRelayEvent(
  ctx: RelayContext,
  event: NostrEvent,
  channel: string | undefined,
): Promise<void> {
  const stored = prepareEvent(event, channel);
  if ((await ctx.writer.write(stored)) !== 'stored') return;
  await dispatchPersistent(ctx, stored, ctx.signer.pubkey);
}

/** Local delivery, traced as buzz's `fan_out_scoped` span. */
export function fanOut(ctx: RelayContext, event: NostrEvent, raw: string, channel: string | undefined): Promise<void> {
  return ctx.tracing.child('fan_out_scoped', NO_SPAN_ATTRIBUTES, async () => {
    ctx.metrics.fanoutRecipients.observe(await fanOutScoped(ctx.subscriptions, ctx.access, event, raw, channel));
  });
}
