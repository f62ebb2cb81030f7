import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';
import { type PreparedEvent, prepareEvent } from '../store/event-writer.ts';
import { fanOutScoped } from '../subscriptions/fan-out.ts';
import type { AfterStoreHook } from './hooks.ts';
import { isSearchIndexed, triggersWorkflow } from './kinds.ts';

// What every stored event goes through, whoever signed it (snapshot 9ee5aee: buzz-relay/src/handlers/event.rs
// `dispatch_persistent_event`): Redis for the other nodes, local fan-out (its recipient count observed even at 0),
// the search index, one audit entry naming the actor, and the workflow engine, which buzz counts in
// buzz_workflow_runs_total{trigger=<kind>} each time it accepts an event, whether or not a workflow matched.
// Relay-signed events (channel discovery, membership lists) come here too, but never count as received or stored.
// `stored` is the row the store took: its JSON text, made once, is what Redis and the subscribers get.

const NO_SPAN_ATTRIBUTES = {};

export const publishToNodes: AfterStoreHook = (ctx, { raw }) => ctx.bus.publishEvent(raw);

export const fanOutLocally: AfterStoreHook = (ctx, { event, raw, channel }) => fanOut(ctx, event, raw, channel);

export const indexForSearch: AfterStoreHook = (ctx, { event }) => {
  if (isSearchIndexed(event.kind)) ctx.search.index(event);
};

export const auditCreation: AfterStoreHook = (ctx, { event, channel }, actor) => {
  ctx.audit?.record({
    action: 'event_created',
    pubkey: actor,
    detail: { event_id: event.id, kind: event.kind, channel: channel ?? null },
  });
};

export const offerToWorkflows: AfterStoreHook = (ctx, { event }) => {
  if (!triggersWorkflow(event.kind)) return;
  ctx.workflows?.onPersisted(event);
  ctx.metrics.workflowRuns.inc([String(event.kind)]);
};

export async function dispatchPersistent(ctx: RelayContext, stored: PreparedEvent, actor: string): Promise<void> {
  for (const hook of ctx.pipeline.afterStore) await hook(ctx, stored, actor);
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
