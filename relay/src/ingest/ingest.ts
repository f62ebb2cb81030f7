import { getEventHash, verifyEvent } from 'nostr-tools/pure';
import type { RelayContext } from '../handlers/context.ts';
import { type NostrEvent, storageProblem } from '../nostr/event.ts';
import { prepareEvent } from '../store/event-writer.ts';
import { dispatchPersistent } from './dispatch.ts';
import { channelIdOf, isGlobalOnly, isKnownKind, isRelayOnly, KIND_REACTION, needsChannel } from './kinds.ts';
import { type IngestInput, type IngestOutcome, lastTagValue } from './rules.ts';

// The persistent-event pipeline in buzz's order (snapshot 9ee5aee: buzz-relay/src/handlers/ingest.rs
// `ingest_event`). A refusal is an IngestRefusal: `invalid` for what the event says (buzz files its `restricted:`
// refusals under that reason too), `error` for what went wrong here. An outcome is the OK the client gets; accepted outcomes are what buzz counts as stored, duplicates included.

/** buzz's MAX_TIMESTAMP_DRIFT_SECS: created_at may be this far from the relay's clock either way. */
export const MAX_TIMESTAMP_DRIFT_SECS = 900;

const HEX64 = /^[0-9a-f]{64}$/i;

export class IngestRefusal extends Error {
  override name = 'IngestRefusal';
  readonly reason: 'invalid' | 'error';

  constructor(reason: 'invalid' | 'error', message: string, options?: ErrorOptions) {
    super(message, options);
    this.reason = reason;
  }
}

function refuse(message: string): never {
  throw new IngestRefusal('invalid', message);
}

/** Why the event's id or signature is wrong (buzz-core's verification texts), or undefined. */
export function verificationProblem(event: NostrEvent): string | undefined {
  const computed = getEventHash(event);
  if (computed !== event.id) return `invalid event id: computed ${computed}, got ${event.id}`;
  if (!verifyEvent({ ...event })) return 'invalid schnorr signature';
  return undefined;
}

export async function ingestEvent(ctx: RelayContext, event: NostrEvent, actor: string): Promise<IngestOutcome> {
  if (isRelayOnly(event.kind)) refuse('restricted: relay-only kind');
  if (!(await ctx.verifier.verify(event)))
    refuse(`invalid: ${verificationProblem(event) ?? 'invalid schnorr signature'}`);
  if (Math.abs(event.created_at - ctx.nowSecs()) > MAX_TIMESTAMP_DRIFT_SECS) {
    refuse('invalid: event timestamp too far from server time');
  }
  if (!isKnownKind(event.kind)) refuse('restricted: unknown event kind');

  const channel = isGlobalOnly(event.kind) ? undefined : await resolveChannel(ctx, event);
  if (needsChannel(event.kind) && channel === undefined) refuse('invalid: channel-scoped events must include an h tag');
  if (channel !== undefined && event.kind !== 9007 && event.kind !== 9021) {
    const allowed = await guarded(() => ctx.access.canPublish(channel, event.pubkey));
    if (!allowed) refuse('restricted: not a channel member');
  }

  const input: IngestInput = { event, actor, channel };
  const applying = ctx.ingestRules.filter((rule) => rule.applies(event.kind));
  for (const rule of applying) {
    const verdict = await rule.check?.(ctx, input);
    if (verdict === undefined) continue;
    if ('reject' in verdict) throw new IngestRefusal('invalid', verdict.reject);
    return verdict.answer;
  }

  const problem = storageProblem(event);
  if (problem !== undefined) refuse(`invalid: ${problem}`);
  const prepared = prepareEvent(event, channel);
  const outcome = await guarded(() => ctx.writer.write(prepared));
  if (outcome !== 'stored') return { accepted: true, message: 'duplicate:' };
  for (const rule of applying) {
    try {
      await rule.afterStore?.(ctx, input);
    } catch (error) {
      ctx.log.warn({ err: error, event_id: event.id, rule: rule.name }, 'side effect failed');
    }
  }
  await dispatchPersistent(ctx, prepared, actor);
  return { accepted: true, message: '' };
}

/** buzz step 5: a reaction belongs to its target's channel, a deletion to its first target's, any other to its h tag. */
async function resolveChannel(ctx: RelayContext, event: NostrEvent): Promise<string | undefined> {
  if (event.kind === KIND_REACTION) {
    const target = lastTagValue(event, 'e');
    if (target === undefined || !HEX64.test(target))
      refuse('invalid: reaction must reference a target event via e tag');
    const found = await guarded(() => ctx.lookup.channelOf(target as string));
    if (found === undefined) refuse('invalid: reaction target event not found');
    return found ?? undefined;
  }
  if (event.kind === 1059) return undefined;
  if (event.kind === 5) {
    const target = event.tags.find((tag) => tag[0] === 'e' && HEX64.test(tag[1] ?? ''))?.[1];
    if (target === undefined) return undefined;
    return (await guarded(() => ctx.lookup.channelOf(target))) ?? undefined;
  }
  return channelIdOf(event.tags);
}

/** buzz answers every internal failure with the same text over WebSocket, so nothing of the database leaks. */
async function guarded<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof IngestRefusal) throw error;
    throw new IngestRefusal('error', 'error: internal server error', { cause: error });
  }
}
