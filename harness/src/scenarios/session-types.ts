// The fixtures as the suite uses them: read from fixtures/*.json by load-fixtures.ts, every `@name` reference
// already resolved to the key, event or blob it names. The step vocabulary is described in README.md.

import type { Event } from 'nostr-tools';

export interface FixtureKey {
  readonly name: string;
  readonly secretKey: Uint8Array;
  readonly pubkey: string;
}

export interface FixtureEvent {
  readonly name: string;
  readonly event: Event;
  /** Set on events tampered with on purpose: they must fail verification. */
  readonly broken: 'signature' | 'id' | undefined;
}

export interface FixtureBlob {
  readonly name: string;
  readonly contentType: string;
  readonly sha256: string;
  readonly bytes: Buffer;
}

/** How an `auth` step spoils its kind-22242 event; `valid` spoils nothing. */
export const AUTH_VARIANTS = ['valid', 'wrong-challenge', 'wrong-relay', 'stale', 'bad-signature'] as const;
export type AuthVariant = (typeof AUTH_VARIANTS)[number];

/** An OK reply: `ok` is its accepted flag, `messagePrefix` a prefix of its message. Unset fields are not checked. */
export interface OkExpectation {
  readonly ok?: boolean;
  readonly messagePrefix?: string;
}

/**
 * A REQ's answer: EOSE, after exactly `events` (in the order the relay sends them) when they are given; or CLOSED
 * with a message prefix. `notice` expects a NOTICE with that prefix too (the relay's reply to a REQ before AUTH).
 */
export interface ReqExpectation {
  readonly eose: boolean;
  readonly events?: readonly FixtureEvent[];
  readonly closed?: string;
  readonly notice?: string;
}

export interface CountExpectation {
  readonly count?: number;
  readonly closed?: string;
}

export interface HttpExpectation {
  readonly status?: number;
  readonly contentTypePrefix?: string;
}

/** A NIP-01 filter as sent, with `@name` values replaced by the pubkey or event id they name. */
export type Filter = Readonly<Record<string, unknown>>;

interface StepBase {
  /** 1-based position in the session's `steps`. */
  readonly index: number;
  /** `step 7 (client a publish note-1)`: how messages name the step. */
  readonly label: string;
  readonly client: string;
  /** Bound on every wait of this step. */
  readonly timeoutMs: number;
}

export interface ConnectStep extends StepBase {
  readonly do: 'connect';
  readonly node: string;
  /** Headers of the WebSocket upgrade request, in order (repeats allowed). */
  readonly headers: readonly (readonly [string, string])[];
}

export interface AuthStep extends StepBase {
  readonly do: 'auth';
  readonly key: FixtureKey;
  readonly variant: AuthVariant;
  readonly expect: OkExpectation | undefined;
}

export interface PublishStep extends StepBase {
  readonly do: 'publish';
  readonly event: FixtureEvent;
  readonly expect: OkExpectation | undefined;
}

export interface ReqStep extends StepBase {
  readonly do: 'req';
  readonly sub: string;
  readonly filters: readonly Filter[];
  readonly expect: ReqExpectation | undefined;
}

export interface CountStep extends StepBase {
  readonly do: 'count';
  readonly sub: string;
  readonly filters: readonly Filter[];
  readonly expect: CountExpectation | undefined;
}

/** CLOSE, answered by an empty CLOSED. */
export interface CloseStep extends StepBase {
  readonly do: 'close';
  readonly sub: string;
}

/** A text frame sent as it is, for frames the relay cannot parse; `expectNotice` waits for a NOTICE with that prefix. */
export interface RawStep extends StepBase {
  readonly do: 'raw';
  readonly frame: string;
  readonly expectNotice: string | undefined;
}

/** Waits for a live EVENT on a subscription: fan-out from another client, or from another node. */
export interface WaitStep extends StepBase {
  readonly do: 'wait';
  readonly sub: string;
  readonly event: FixtureEvent;
}

/** Waits until the relay closes the connection (the AUTH window, CONTRACT §4). */
export interface AwaitCloseStep extends StepBase {
  readonly do: 'await-close';
}

export interface DisconnectStep extends StepBase {
  readonly do: 'disconnect';
}

/** One HTTP request on the app listener of `node`. `client` only names the step. */
export interface HttpStep extends StepBase {
  readonly do: 'http';
  readonly node: string;
  readonly method: string;
  /** With `{blob:<name>}` replaced by that blob's sha256. */
  readonly path: string;
  readonly headers: readonly (readonly [string, string])[];
  /** Sent as the body, with Content-Type and X-SHA-256 from the blob. */
  readonly blob: FixtureBlob | undefined;
  /** A signed kind-24242 event sent as `Authorization: Nostr <base64>` (Blossom, BUD-02). */
  readonly nostrAuth: FixtureEvent | undefined;
  readonly expect: HttpExpectation | undefined;
}

export type Step =
  | ConnectStep
  | AuthStep
  | PublishStep
  | ReqStep
  | CountStep
  | CloseStep
  | RawStep
  | WaitStep
  | AwaitCloseStep
  | DisconnectStep
  | HttpStep;

export type StepKind = Step['do'];

export interface Session {
  readonly scenario: string;
  readonly contract: string;
  readonly description: string;
  /** The file it was read from, for messages. */
  readonly file: string;
  /** Variables the relay under test needs for this scenario, `@name` already replaced by the pubkey. */
  readonly relayEnv: Readonly<Record<string, string>>;
  /** Relay processes the scenario uses, sharing Postgres and Redis; the first is the default of every step. */
  readonly nodes: readonly string[];
  /** The metric families of CONTRACT §2.3 this scenario is meant to make appear (checked by run-session.test.ts). */
  readonly metrics: readonly string[];
  readonly steps: readonly Step[];
}

export interface Fixtures {
  readonly keys: ReadonlyMap<string, FixtureKey>;
  /** Channel UUIDs of this load, by the names events.json gives them. */
  readonly channels: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, FixtureEvent>;
  readonly blobs: ReadonlyMap<string, FixtureBlob>;
  /** By scenario name. */
  readonly sessions: ReadonlyMap<string, Session>;
}
