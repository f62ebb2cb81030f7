// Runs a fixtures session against a relay under test, one step at a time: each step sends its frame or request
// and waits (bounded) for the reply it expects before the next step starts, so what the relay counts and traces
// does not depend on timing. Every session ends with all its connections closed.

import type { Event } from 'nostr-tools';
import type { SentFrame } from '../traces/sent-frames.ts';
import { buildAuthEvent } from './auth-event.ts';
import { describeClose, type ReceivedMessage, ScriptedClient, WaitError } from './client.ts';
import { requestHeaders, sendHttp } from './http-request.ts';
import type {
  AuthStep,
  CloseStep,
  ConnectStep,
  CountStep,
  HttpStep,
  OkExpectation,
  PublishStep,
  RawStep,
  ReqStep,
  Session,
  Step,
  WaitStep,
} from './session-types.ts';

/** Where one relay node is reached. */
export interface RelayEndpoint {
  /** The app listener's WebSocket URL. */
  readonly wsUrl: string;
  /** The same listener over HTTP, e.g. `http://127.0.0.1:3000`. */
  readonly httpUrl: string;
  /** The RELAY_URL the relay was given: what the `relay` tag of AUTH events must carry. */
  readonly relayUrl: string;
}

/** The endpoint of a relay whose app listener is `wsUrl`; `relayUrl` is its RELAY_URL when that differs. */
export function relayEndpoint(wsUrl: string, relayUrl: string = wsUrl): RelayEndpoint {
  const http = new URL(wsUrl);
  http.protocol = http.protocol === 'wss:' ? 'https:' : 'http:';
  return { wsUrl, httpUrl: http.origin, relayUrl };
}

export interface RunSessionOptions {
  /** Endpoints of the session's other nodes, by name; `endpoint` serves its first node. */
  readonly otherNodes?: Readonly<Record<string, RelayEndpoint>>;
}

export interface StepRecord {
  readonly index: number;
  readonly label: string;
  /** Frames or the request line and headers this step sent. */
  readonly sent: readonly string[];
  /** Messages (or the HTTP response) this step took as its reply. */
  readonly received: readonly string[];
}

export interface SessionTranscript {
  readonly scenario: string;
  readonly steps: readonly StepRecord[];
  /** Every message every client received, in arrival order. */
  readonly messages: readonly ReceivedMessage[];
  /** Messages no step waited for; a precise scenario leaves none. */
  readonly untaken: readonly ReceivedMessage[];
  /** Ids of every event sent in an EVENT or AUTH frame, in sending order. */
  readonly eventIds: readonly string[];
  /** Every frame sent, for the span checks: each AUTH, EVENT, REQ and COUNT must start one trace. */
  readonly frames: readonly SentFrame[];
}

export class SessionError extends Error {
  override name = 'SessionError';
  readonly transcript: SessionTranscript;

  constructor(message: string, transcript: SessionTranscript) {
    super(message);
    this.transcript = transcript;
  }
}

/** A reply that arrived but is not the one the step expects. */
class ExpectationError extends Error {
  override name = 'ExpectationError';
}

const CHALLENGE = /^[0-9a-f]{64}$/;
const DISCONNECT_TIMEOUT_MS = 5000;

interface OpenClient {
  readonly client: ScriptedClient;
  readonly node: string;
  readonly challenge: string;
}

export async function runSession(
  session: Session,
  endpoint: RelayEndpoint,
  options: RunSessionOptions = {},
): Promise<SessionTranscript> {
  const run = new SessionRun(session, endpoint, options);
  return run.execute();
}

class SessionRun {
  readonly #session: Session;
  readonly #endpoints: ReadonlyMap<string, RelayEndpoint>;
  readonly #clients = new Map<string, OpenClient>();
  readonly #everClients: ScriptedClient[] = [];
  readonly #steps: StepRecord[] = [];
  readonly #eventIds: string[] = [];
  readonly #frames: SentFrame[] = [];
  /** Fixture name by event id, for messages. */
  readonly #eventNames = new Map<string, string>();
  #seq = 0;

  constructor(session: Session, endpoint: RelayEndpoint, options: RunSessionOptions) {
    this.#session = session;
    const [first, ...others] = session.nodes;
    const endpoints = new Map<string, RelayEndpoint>([[first ?? 'main', endpoint]]);
    for (const node of others) {
      const other = options.otherNodes?.[node];
      if (other !== undefined) endpoints.set(node, other);
    }
    this.#endpoints = endpoints;
    for (const step of session.steps) {
      const named = step.do === 'publish' || step.do === 'wait' ? [step.event] : [];
      if (step.do === 'req') named.push(...(step.expect?.events ?? []));
      for (const { name, event } of named) this.#eventNames.set(event.id, name);
    }
  }

  async execute(): Promise<SessionTranscript> {
    const missing = this.#session.nodes.filter((node) => !this.#endpoints.has(node));
    if (missing.length > 0) {
      throw new SessionError(
        `${this.#session.file}: the session uses nodes ${this.#session.nodes.join(', ')}; ` +
          `pass endpoints for ${missing.join(', ')} in options.otherNodes`,
        this.#transcript(),
      );
    }
    let failure: string | undefined;
    for (const step of this.#session.steps) {
      const record = { index: step.index, label: step.label, sent: [] as string[], received: [] as string[] };
      this.#steps.push(record);
      try {
        await this.#run(step, record);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        failure = `${this.#session.file}: ${step.label}: ${why}`;
        break;
      }
    }
    const leftOpen = await this.#closeAll();
    if (failure !== undefined) throw new SessionError(failure, this.#transcript());
    if (leftOpen.length > 0) {
      throw new SessionError(`${this.#session.file}: after the last step, ${leftOpen.join('; ')}`, this.#transcript());
    }
    return this.#transcript();
  }

  #transcript(): SessionTranscript {
    const messages = this.#everClients.flatMap((c) => c.messages).sort((a, b) => a.seq - b.seq);
    const untaken = this.#everClients.flatMap((c) => c.untaken).sort((a, b) => a.seq - b.seq);
    return {
      scenario: this.#session.scenario,
      steps: this.#steps.map((s) => ({ ...s, sent: [...s.sent], received: [...s.received] })),
      messages,
      untaken,
      eventIds: [...this.#eventIds],
      frames: [...this.#frames],
    };
  }

  /** Disconnects every client still open; returns what could not be closed cleanly. */
  async #closeAll(): Promise<string[]> {
    const problems: string[] = [];
    await Promise.all(
      [...this.#clients.entries()].map(async ([name, open]) => {
        try {
          await open.client.disconnect(DISCONNECT_TIMEOUT_MS);
        } catch (error) {
          problems.push(`client ${name} did not close: ${(error as Error).message}`);
        }
      }),
    );
    this.#clients.clear();
    return problems;
  }

  #run(step: Step, record: StepRecord & { sent: string[]; received: string[] }): Promise<void> {
    const took = (message: ReceivedMessage) => {
      record.received.push(message.text);
      return message;
    };
    const send = (client: ScriptedClient, text: string) => {
      record.sent.push(text);
      client.send(text);
    };
    switch (step.do) {
      case 'connect':
        return this.#connect(step, record.sent, took);
      case 'auth':
        return this.#auth(step, send, took);
      case 'publish':
        return this.#publish(step, send, took);
      case 'req':
        return this.#req(step, send, took);
      case 'count':
        return this.#count(step, send, took);
      case 'close':
        return this.#close(step, send, took);
      case 'raw':
        return this.#raw(step, send, took);
      case 'wait':
        return this.#wait(step, took);
      case 'await-close':
        return this.#awaitClose(step);
      case 'disconnect':
        return this.#disconnect(step);
      case 'http':
        return this.#http(step, record);
    }
  }

  #open(step: Step): OpenClient {
    const open = this.#clients.get(step.client);
    if (open === undefined) throw new WaitError(`client ${step.client} is not connected; add a connect step first`);
    return open;
  }

  async #connect(step: ConnectStep, sent: string[], took: (m: ReceivedMessage) => ReceivedMessage): Promise<void> {
    if (this.#clients.has(step.client)) throw new WaitError(`client ${step.client} is already connected`);
    const endpoint = this.#endpoints.get(step.node)!;
    sent.push(`GET ${endpoint.wsUrl} (WebSocket upgrade)${step.headers.map(([n, v]) => `; ${n}: ${v}`).join('')}`);
    const client = await ScriptedClient.connect(
      step.client,
      endpoint.wsUrl,
      step.headers,
      () => ++this.#seq,
      step.timeoutMs,
    );
    this.#everClients.push(client);
    const message = took(
      await client.take('AUTH challenge (["AUTH","<challenge>"])', (m) => m.frame?.[0] === 'AUTH', step.timeoutMs),
    );
    const challenge = message.frame?.[1];
    if (typeof challenge !== 'string' || !CHALLENGE.test(challenge)) {
      await client.disconnect(DISCONNECT_TIMEOUT_MS).catch(() => {});
      throw new ExpectationError(
        `the AUTH challenge must be 64 lowercase hex characters (CONTRACT §4); got ${message.text}`,
      );
    }
    this.#clients.set(step.client, { client, node: step.node, challenge });
  }

  async #auth(step: AuthStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    const relayUrl = this.#endpoints.get(open.node)!.relayUrl;
    const event = buildAuthEvent(step.key, open.challenge, relayUrl, step.variant);
    this.#eventIds.push(event.id);
    this.#frames.push({ type: 'AUTH', client: step.client, eventId: event.id });
    send(open.client, JSON.stringify(['AUTH', event]));
    const reply = took(await takeOk(open.client, event, `AUTH as ${step.key.name}`, step.timeoutMs));
    checkOk(reply, step.expect);
  }

  async #publish(step: PublishStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    const { event } = step.event;
    this.#eventIds.push(event.id);
    send(open.client, JSON.stringify(['EVENT', event]));
    let fanOut = false;
    try {
      const reply = took(await takeOk(open.client, event, step.event.name, step.timeoutMs));
      const [, , accepted, message] = reply.frame ?? [];
      fanOut = accepted === true && !(typeof message === 'string' && message.startsWith('duplicate:'));
      checkOk(reply, step.expect);
    } finally {
      this.#frames.push({
        type: 'EVENT',
        client: step.client,
        eventId: event.id,
        name: step.event.name,
        kind: event.kind,
        fanOut,
      });
    }
  }

  async #req(step: ReqStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    this.#frames.push({ type: 'REQ', client: step.client, subId: step.sub });
    send(open.client, JSON.stringify(['REQ', step.sub, ...step.filters]));
    const end = await open.client.take(
      `EOSE or CLOSED for subscription "${step.sub}"`,
      (m) => (m.frame?.[0] === 'EOSE' || m.frame?.[0] === 'CLOSED') && m.frame[1] === step.sub,
      step.timeoutMs,
    );
    const stored = open.client
      .takeAll((m) => m.frame?.[0] === 'EVENT' && m.frame[1] === step.sub && m.seq < end.seq)
      .map(took);
    took(end);
    const expect = step.expect;
    if (expect?.notice !== undefined) {
      const prefix = expect.notice;
      took(await open.client.take(`NOTICE "${prefix}…"`, (m) => isNotice(m, prefix), step.timeoutMs));
    }
    if (expect === undefined) return;
    if (expect.closed !== undefined) return checkClosed(end, expect.closed);
    if (expect.eose && end.frame?.[0] !== 'EOSE') throw new ExpectationError(`expected EOSE, got ${end.text}`);
    if (expect.events !== undefined) {
      const got = stored.map((m) => eventIdOf(m.frame?.[2]));
      const want = expect.events.map((e) => e.event.id);
      if (got.join() !== want.join()) {
        const names = (ids: readonly (string | undefined)[]) =>
          `[${ids.map((id) => this.#eventNames.get(id ?? '') ?? `${id?.slice(0, 12)}…`).join(', ')}]`;
        throw new ExpectationError(`expected the stored events ${names(want)} in this order, got ${names(got)}`);
      }
    }
  }

  async #count(step: CountStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    this.#frames.push({ type: 'COUNT', client: step.client, subId: step.sub });
    send(open.client, JSON.stringify(['COUNT', step.sub, ...step.filters]));
    const reply = took(
      await open.client.take(
        `COUNT or CLOSED for "${step.sub}"`,
        (m) => (m.frame?.[0] === 'COUNT' || m.frame?.[0] === 'CLOSED') && m.frame[1] === step.sub,
        step.timeoutMs,
      ),
    );
    const expect = step.expect;
    if (expect?.closed !== undefined) return checkClosed(reply, expect.closed);
    if (expect?.count !== undefined) {
      const body = reply.frame?.[2];
      const count = typeof body === 'object' && body !== null ? (body as { count?: unknown }).count : undefined;
      if (reply.frame?.[0] !== 'COUNT' || count !== expect.count) {
        throw new ExpectationError(`expected ["COUNT","${step.sub}",{"count":${expect.count}}], got ${reply.text}`);
      }
    }
  }

  /** buzz acknowledges a CLOSE with an empty CLOSED (handlers/close.rs, handle_close). */
  async #close(step: CloseStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    this.#frames.push({ type: 'CLOSE', client: step.client, subId: step.sub });
    send(open.client, JSON.stringify(['CLOSE', step.sub]));
    const reply = took(
      await open.client.take(
        `CLOSED for subscription "${step.sub}"`,
        (m) => m.frame?.[0] === 'CLOSED' && m.frame[1] === step.sub,
        step.timeoutMs,
      ),
    );
    if (reply.frame?.[2] !== '') throw new ExpectationError(`expected ["CLOSED","${step.sub}",""], got ${reply.text}`);
  }

  async #raw(step: RawStep, send: Sender, took: Taker): Promise<void> {
    const open = this.#open(step);
    this.#frames.push({ type: 'unparsable', client: step.client });
    send(open.client, step.frame);
    const prefix = step.expectNotice;
    if (prefix === undefined) return;
    took(await open.client.take(`NOTICE "${prefix}…"`, (m) => isNotice(m, prefix), step.timeoutMs));
  }

  async #wait(step: WaitStep, took: Taker): Promise<void> {
    const open = this.#open(step);
    const id = step.event.event.id;
    took(
      await open.client.take(
        `EVENT ${step.event.name} on subscription "${step.sub}"`,
        (m) => m.frame?.[0] === 'EVENT' && m.frame[1] === step.sub && eventIdOf(m.frame[2]) === id,
        step.timeoutMs,
      ),
    );
  }

  async #awaitClose(step: Step): Promise<void> {
    const open = this.#open(step);
    const info = await open.client.awaitClose(step.timeoutMs);
    this.#clients.delete(step.client);
    if (!info.byRelay)
      throw new ExpectationError(`expected the relay to close the connection; it closed ${describeClose(info)}`);
  }

  async #disconnect(step: Step): Promise<void> {
    const open = this.#open(step);
    this.#clients.delete(step.client);
    const info = await open.client.disconnect(step.timeoutMs);
    if (info.byRelay)
      throw new ExpectationError(`the relay had already closed the connection (${describeClose(info)})`);
  }

  async #http(step: HttpStep, record: { sent: string[]; received: string[] }): Promise<void> {
    const endpoint = this.#endpoints.get(step.node)!;
    const headers = requestHeaders(step);
    const lines: string[] = [];
    for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i]}: ${abbreviate(headers[i + 1] ?? '')}`);
    record.sent.push([`${step.method} ${step.path}`, ...lines].join('; '));
    const response = await sendHttp(endpoint.httpUrl, step);
    record.received.push(
      `${response.status} ${response.contentType ?? '(no content-type)'} ${abbreviate(response.body)}`,
    );
    const expect = step.expect;
    if (expect?.status !== undefined && response.status !== expect.status) {
      throw new ExpectationError(
        `expected HTTP ${expect.status}, got ${response.status}: ${abbreviate(response.body)}`,
      );
    }
    const prefix = expect?.contentTypePrefix;
    if (prefix !== undefined && !(response.contentType ?? '').startsWith(prefix)) {
      throw new ExpectationError(`expected a Content-Type starting with "${prefix}", got ${response.contentType}`);
    }
  }
}

type Sender = (client: ScriptedClient, text: string) => void;
type Taker = (message: ReceivedMessage) => ReceivedMessage;

function takeOk(client: ScriptedClient, event: Event, what: string, timeoutMs: number): Promise<ReceivedMessage> {
  return client.take(
    `OK for ${what} (${event.id})`,
    (m) => m.frame?.[0] === 'OK' && m.frame[1] === event.id,
    timeoutMs,
  );
}

function checkOk(reply: ReceivedMessage, expect: OkExpectation | undefined): void {
  if (expect === undefined) return;
  const [, , accepted, message] = reply.frame ?? [];
  if (expect.ok !== undefined && accepted !== expect.ok) {
    throw new ExpectationError(`expected OK ${expect.ok}, got ${reply.text}`);
  }
  const prefix = expect.messagePrefix;
  if (prefix !== undefined && !(typeof message === 'string' && message.startsWith(prefix))) {
    throw new ExpectationError(`expected an OK message starting with "${prefix}", got ${reply.text}`);
  }
}

function checkClosed(reply: ReceivedMessage, prefix: string): void {
  const message = reply.frame?.[2];
  if (reply.frame?.[0] !== 'CLOSED' || !(typeof message === 'string' && message.startsWith(prefix))) {
    throw new ExpectationError(`expected CLOSED "${prefix}…", got ${reply.text}`);
  }
}

function isNotice(message: ReceivedMessage, prefix: string): boolean {
  const text = message.frame?.[1];
  return message.frame?.[0] === 'NOTICE' && typeof text === 'string' && text.startsWith(prefix);
}

function eventIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function abbreviate(text: string): string {
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
