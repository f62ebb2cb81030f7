import { AUTH_KIND, type NostrEvent } from './event.ts';

/** Allowed distance between an AUTH event's created_at and the relay's clock (CONTRACT §4). */
export const AUTH_CLOCK_SKEW_SECS = 60;

/**
 * Canonical form of a relay URL for the NIP-42 `relay` tag: scheme and host lowercase (URL does that), the
 * scheme's default port dropped (URL drops :80 for ws and :443 for wss), no fragment, no trailing slash on the path.
 * Query strings are kept: two URLs that differ there name different endpoints. Undefined when it is not a URL.
 */
export function normalizeRelayUrl(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return undefined;
  }
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

export interface AuthExpectation {
  readonly challenge: string;
  /** Already normalised with normalizeRelayUrl. */
  readonly relayUrl: string;
  readonly nowSecs: number;
}

/** What is wrong with a kind-22242 event apart from its signature, for the log; undefined when nothing is. */
export function authEventProblem(event: NostrEvent, expected: AuthExpectation): string | undefined {
  if (event.kind !== AUTH_KIND) return `kind ${event.kind} is not ${AUTH_KIND}`;
  const challenges = event.tags.filter((tag) => tag[0] === 'challenge');
  if (challenges.length !== 1) return `expected one challenge tag, found ${challenges.length}`;
  if (challenges[0]?.[1] !== expected.challenge) return 'challenge does not match';
  const relays = event.tags.filter((tag) => tag[0] === 'relay');
  if (relays.length !== 1) return `expected one relay tag, found ${relays.length}`;
  const relay = relays[0]?.[1];
  if (relay === undefined || normalizeRelayUrl(relay) !== expected.relayUrl)
    return 'relay tag does not match RELAY_URL';
  if (Math.abs(event.created_at - expected.nowSecs) > AUTH_CLOCK_SKEW_SECS) {
    return `created_at is more than ${AUTH_CLOCK_SKEW_SECS} s from the relay's clock`;
  }
  return undefined;
}
