import type { NostrEvent } from './event.ts';
import { type Filter, FilterError, parseFilter } from './filter.ts';
import { jsonTextProblem } from './json-limits.ts';

// Client → relay messages (NIP-01, NIP-42, NIP-45). Parsing checks JSON types only; signatures, ids and access
// are the handlers' business. A frame that does not parse gets NOTICE `invalid message: <reason>` (CONTRACT §4).

export type ClientFrame =
  | { readonly type: 'EVENT'; readonly event: NostrEvent }
  | { readonly type: 'REQ'; readonly subId: string; readonly filters: readonly Filter[] }
  | { readonly type: 'COUNT'; readonly subId: string; readonly filters: readonly Filter[] }
  | { readonly type: 'CLOSE'; readonly subId: string }
  | { readonly type: 'AUTH'; readonly event: NostrEvent };

export type ParseResult =
  | { readonly ok: true; readonly frame: ClientFrame }
  | { readonly ok: false; readonly reason: string };

const MAX_SUB_ID_LENGTH = 64;

function invalid(reason: string): ParseResult {
  return { ok: false, reason };
}

/** The event's fields have the JSON types NIP-01 gives them; undefined when they do, else what is wrong. */
function eventShapeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the event must be an object';
  const event = value as Record<string, unknown>;
  if (typeof event.id !== 'string') return 'event field "id" must be a string';
  if (typeof event.pubkey !== 'string') return 'event field "pubkey" must be a string';
  if (typeof event.sig !== 'string') return 'event field "sig" must be a string';
  if (typeof event.content !== 'string') return 'event field "content" must be a string';
  const createdAt = event.created_at;
  if (typeof createdAt !== 'number' || !Number.isSafeInteger(createdAt) || createdAt < 0) {
    return 'event field "created_at" must be a non-negative integer';
  }
  const kind = event.kind;
  if (typeof kind !== 'number' || !Number.isInteger(kind) || kind < 0 || kind > 65535) {
    return 'event field "kind" must be an integer 0–65535';
  }
  if (!Array.isArray(event.tags)) return 'event field "tags" must be an array';
  for (const tag of event.tags) {
    if (!Array.isArray(tag)) return 'every tag must be an array of strings';
    for (const item of tag) if (typeof item !== 'string') return 'every tag must be an array of strings';
  }
  return undefined;
}

function subscriptionId(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_SUB_ID_LENGTH ? value : undefined;
}

function withFilters(type: 'REQ' | 'COUNT', message: unknown[]): ParseResult {
  const subId = subscriptionId(message[1]);
  if (subId === undefined)
    return invalid(`${type} subscription id must be a string of 1–${MAX_SUB_ID_LENGTH} characters`);
  if (message.length < 3) return invalid(`${type} needs at least one filter`);
  const filters: Filter[] = [];
  try {
    for (let i = 2; i < message.length; i++) filters.push(parseFilter(message[i]));
  } catch (error) {
    if (error instanceof FilterError) return invalid(error.message);
    throw error;
  }
  return { ok: true, frame: { type, subId, filters } };
}

const MIXED_CASE_HEX64 = /^[0-9a-fA-F]{64}$/;
const MIXED_CASE_HEX128 = /^[0-9a-fA-F]{128}$/;

/** Hex of the right length in lowercase, as buzz holds it (as bytes); anything else as it came. */
function lowercaseHex(value: string, pattern: RegExp): string {
  return pattern.test(value) ? value.toLowerCase() : value;
}

/**
 * The seven NIP-01 fields and nothing else, in NIP-01 order. Like buzz (the nostr crate's Event ignores keys it
 * does not know), other keys are dropped here, so what is verified, stored, fanned out and audited is exactly
 * what was signed, and no unsigned value reaches a worker thread or a reader. Like buzz, id, pubkey and sig are
 * read as hex in either case and carried in lowercase: the form readers verify, and the id OK answers with.
 */
function signedFields(event: NostrEvent): NostrEvent {
  return {
    id: lowercaseHex(event.id, MIXED_CASE_HEX64),
    pubkey: lowercaseHex(event.pubkey, MIXED_CASE_HEX64),
    created_at: event.created_at,
    kind: event.kind,
    tags: event.tags,
    content: event.content,
    sig: lowercaseHex(event.sig, MIXED_CASE_HEX128),
  };
}

function withEvent(type: 'EVENT' | 'AUTH', message: unknown[]): ParseResult {
  if (message.length !== 2) return invalid(`${type} takes exactly one event`);
  const problem = eventShapeProblem(message[1]);
  if (problem !== undefined) return invalid(problem);
  return { ok: true, frame: { type, event: signedFields(message[1] as NostrEvent) } };
}

export function parseClientFrame(text: string): ParseResult {
  const textProblem = jsonTextProblem(text);
  if (textProblem !== undefined) return invalid(textProblem);
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return invalid('not valid JSON');
  }
  if (!Array.isArray(message) || message.length === 0) return invalid('expected a non-empty JSON array');
  const verb = message[0];
  if (typeof verb !== 'string') return invalid('the first element must be the message type');
  switch (verb) {
    case 'EVENT':
    case 'AUTH':
      return withEvent(verb, message);
    case 'REQ':
    case 'COUNT':
      return withFilters(verb, message);
    case 'CLOSE': {
      if (message.length !== 2) return invalid('CLOSE takes exactly one subscription id');
      const subId = subscriptionId(message[1]);
      if (subId === undefined)
        return invalid(`CLOSE subscription id must be a string of 1–${MAX_SUB_ID_LENGTH} characters`);
      return { ok: true, frame: { type: 'CLOSE', subId } };
    }
    default:
      return invalid(`unknown message type ${JSON.stringify(verb.slice(0, 32))}`);
  }
}
