import type { RelayContext } from '../handlers/context.ts';
import type { NostrEvent } from '../nostr/event.ts';
import { dispatchPersistent } from './dispatch.ts';
import type { IngestInput, IngestOutcome, RejectHook } from './hooks.ts';
import { refuse } from './refusal.ts';

// Runs ctx.pipeline (relay/src/ingest/pipeline.ts) for a persistent event (snapshot 9ee5aee:
// buzz-relay/src/handlers/ingest.rs `ingest_event`). A refusal is thrown as an IngestRefusal; an outcome is the OK
// the client gets, and accepted outcomes are what buzz counts as stored, duplicates included.

const ACCEPTED: IngestOutcome = { accepted: true, message: '' };
const DUPLICATE: IngestOutcome = { accepted: true, message: 'duplicate:' };

/** The first hook's refusal, in the hooks' order, or undefined when every hook lets the subject through. */
export async function firstRefusal<T>(
  ctx: RelayContext,
  hooks: readonly RejectHook<T>[],
  subject: T,
): Promise<string | undefined> {
  for (const hook of hooks) {
    const refusal = await hook(ctx, subject);
    if (refusal !== undefined) return refusal;
  }
  return undefined;
}

async function refuseOnFirst<T>(ctx: RelayContext, hooks: readonly RejectHook<T>[], subject: T): Promise<void> {
  const refusal = await firstRefusal(ctx, hooks, subject);
  if (refusal !== undefined) refuse(refusal);
}

export async function ingestEvent(ctx: RelayContext, event: NostrEvent, actor: string): Promise<IngestOutcome> {
  const { pipeline } = ctx;
  await refuseOnFirst(ctx, pipeline.reject, event);
  const input: IngestInput = { event, actor, channel: await pipeline.channelOf(ctx, event) };
  await refuseOnFirst(ctx, pipeline.rejectInChannel, input);

  const applying = pipeline.kindRules.filter((rule) => rule.applies(event.kind));
  for (const rule of applying) {
    const verdict = await rule.check?.(ctx, input);
    if (verdict === undefined) continue;
    if ('reject' in verdict) refuse(verdict.reject);
    return verdict.answer;
  }

  const stored = await pipeline.store(ctx, input);
  if (stored === undefined) return DUPLICATE;
  for (const rule of applying) {
    try {
      await rule.afterStore?.(ctx, input);
    } catch (error) {
      ctx.log.warn({ err: error, event_id: event.id, rule: rule.name }, 'side effect failed');
    }
  }
  await dispatchPersistent(ctx, stored, actor);
  return ACCEPTED;
}
