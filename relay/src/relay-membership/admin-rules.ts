import type { RelayContext } from '../handlers/context.ts';
import type { IngestInput, KindRule, RuleVerdict } from '../ingest/hooks.ts';
import type { NostrEvent } from '../nostr/event.ts';
import type { RelayRole } from '../store/relay-members.ts';
import {
  KIND_RELAY_MEMBER_ADDED,
  KIND_RELAY_MEMBER_REMOVED,
  publishMemberDelta,
  publishMemberList,
} from './nip43-events.ts';

// NIP-43 relay administration, kinds 9030 (add), 9031 (remove) and 9032 (change role), as buzz runs it (snapshot
// 9ee5aee: buzz-relay/src/handlers/relay_admin.rs): the event changes relay_members and is answered OK without being
// stored (buzz still counts it as stored). Only owners and admins act; only the owner grants admin or re-roles.
// A change is announced with a relay-signed 8000/8001 and a fresh 13534 list; a re-add changes nothing and says so
// with nothing.

const KIND_ADD = 9030;
const KIND_REMOVE = 9031;
const KIND_CHANGE_ROLE = 9032;
/** Admin commands must be freshly signed: a captured one cannot be replayed later. */
const FRESHNESS_SECS = 120;
const HEX64 = /^[0-9a-f]{64}$/i;

const ACCEPTED: RuleVerdict = { answer: { accepted: true, message: '' } };

class Refusal extends Error {}

function refuse(why: string): never {
  throw new Refusal(why);
}

/** The first `p` tag that holds a 64-hex pubkey, lower-cased. */
function targetOf(event: NostrEvent): string | undefined {
  return event.tags.find((tag) => tag[0] === 'p' && HEX64.test(tag[1] ?? ''))?.[1]?.toLowerCase();
}

/** The value of the first `role` tag (undefined when that tag has none). */
function roleTag(event: NostrEvent): string | undefined {
  return event.tags.find((tag) => tag[0] === 'role')?.[1];
}

const isAdmin = (role: RelayRole | undefined) => role === 'admin' || role === 'owner';

/** The delta first, then the new list, as buzz orders them; one failing does not keep the other back. */
async function announce(
  ctx: RelayContext,
  delta: typeof KIND_RELAY_MEMBER_ADDED | typeof KIND_RELAY_MEMBER_REMOVED | undefined,
  target: string,
) {
  const steps = delta === undefined ? [] : [() => publishMemberDelta(ctx, delta, target)];
  for (const step of [...steps, () => publishMemberList(ctx)]) {
    try {
      await step();
    } catch (error) {
      ctx.log.warn({ err: error, target }, 'publishing a NIP-43 event failed');
    }
  }
}

async function addMember(ctx: RelayContext, event: NostrEvent, sender: RelayRole | undefined, target: string) {
  if (!isAdmin(sender)) refuse('actor not authorized: must be admin or owner');
  const role = roleTag(event) ?? 'member';
  if (role === 'owner') refuse('invalid role: use kind:9032 to promote to owner');
  if (role === 'admin' && sender !== 'owner') refuse('actor not authorized: only owner can grant admin role');
  if (role !== 'admin' && role !== 'member') refuse(`invalid role: ${role}`);
  if (await ctx.relayMembers.add(target, role, event.pubkey)) await announce(ctx, KIND_RELAY_MEMBER_ADDED, target);
}

async function removeMember(ctx: RelayContext, event: NostrEvent, sender: RelayRole | undefined, target: string) {
  if (!isAdmin(sender)) refuse('actor not authorized: must be admin or owner');
  if (target === event.pubkey) refuse('cannot remove yourself');
  const outcome = await ctx.relayMembers.remove(target, sender === 'admin' ? 'member' : undefined);
  if (outcome === 'owner') refuse('cannot remove the relay owner');
  if (outcome === 'not_found') refuse(`member not found: ${target}`);
  if (outcome === 'role_mismatch') refuse('actor not authorized: admins can only remove members');
  await announce(ctx, KIND_RELAY_MEMBER_REMOVED, target);
}

async function changeRole(ctx: RelayContext, event: NostrEvent, sender: RelayRole | undefined, target: string) {
  if (sender !== 'owner') refuse('actor not authorized: must be owner');
  if (target === event.pubkey) refuse('cannot change your own role');
  const role = roleTag(event) ?? refuse('missing role tag');
  if (role === 'owner') refuse('cannot set role to owner');
  if (role !== 'admin' && role !== 'member') refuse(`invalid role: ${role}`);
  if (!(await ctx.relayMembers.changeRole(target, role))) {
    refuse(
      (await ctx.relayMembers.roleOf(target)) === undefined
        ? `member not found: ${target}`
        : "cannot change the relay owner's role",
    );
  }
  await announce(ctx, undefined, target);
}

const ACTIONS: Readonly<Record<number, typeof addMember>> = {
  [KIND_ADD]: addMember,
  [KIND_REMOVE]: removeMember,
  [KIND_CHANGE_ROLE]: changeRole,
};

export const relayAdminRule: KindRule = {
  name: 'NIP-43 relay administration',
  applies: (kind) => Object.hasOwn(ACTIONS, kind),
  async check(ctx, { event }: IngestInput): Promise<RuleVerdict> {
    try {
      const now = ctx.nowSecs();
      const delta = event.created_at - now;
      if (Math.abs(delta) > FRESHNESS_SECS) {
        refuse(
          `event timestamp out of range: created_at=${event.created_at}, now=${now}, delta=${delta}s (max ±${FRESHNESS_SECS}s)`,
        );
      }
      const target = targetOf(event) ?? refuse('missing or invalid p tag');
      const sender = await ctx.relayMembers.roleOf(event.pubkey);
      await ACTIONS[event.kind]?.(ctx, event, sender, target);
      return ACCEPTED;
    } catch (error) {
      if (error instanceof Refusal) return { reject: `invalid: ${error.message}` };
      ctx.log.warn({ err: error, event_id: event.id }, 'relay administration failed');
      return { reject: 'invalid: database error' };
    }
  },
};
