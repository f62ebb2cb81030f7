import { finalizeEvent, type NostrEvent, type VerifiedEvent } from 'nostr-tools/pure';
import WebSocket from 'ws';

// A test client over a raw WebSocket: it can send anything (malformed JSON, binary, oversize frames) and waits
// for replies by bounded polling on what arrived, never by sleeping.

export type Message = [string, ...unknown[]];

export class RawClient {
  readonly socket: WebSocket;
  readonly received: Message[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #consumed = new Set<number>();
  #waiters = new Set<() => void>();

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Message);
      for (const wake of this.#waiters) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters) wake();
      });
    });
    socket.on('error', () => {});
  }

  static connect(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
    const socket = new WebSocket(url, { headers });
    const client = new RawClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(client));
      socket.once('error', reject);
    });
  }

  get isOpen(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** The first message not yet taken that satisfies the predicate; fails after timeoutMs with what did arrive. */
  async next(predicate: (message: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (let i = 0; i < this.received.length; i++) {
        if (this.#consumed.has(i)) continue;
        const message = this.received[i]!;
        if (predicate(message)) {
          this.#consumed.add(i);
          return message;
        }
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no matching message within ${timeoutMs} ms; received: ${JSON.stringify(this.received)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
  }

  nextOfType(type: string, timeoutMs?: number): Promise<Message> {
    return this.next((m) => m[0] === type, timeoutMs);
  }

  async challenge(): Promise<string> {
    const message = this.received.find((m) => m[0] === 'AUTH') ?? (await this.nextOfType('AUTH'));
    return message[1] as string;
  }

  /** Sends a valid NIP-42 AUTH (unless changed by `tweak`) and returns the OK reply. */
  async auth(secretKey: Uint8Array, relayUrl = 'ws://relay.test', tweak?: Partial<AuthTemplate>): Promise<Message> {
    const event = authEvent(secretKey, await this.challenge(), relayUrl, tweak);
    this.send(['AUTH', event]);
    return this.next((m) => m[0] === 'OK' && m[1] === event.id);
  }

  /** Publishes and returns the OK reply for this event. */
  async publish(event: NostrEvent): Promise<Message> {
    this.send(['EVENT', event]);
    return this.next((m) => m[0] === 'OK' && m[1] === event.id);
  }

  /** REQ until EOSE (or CLOSED); returns the events received before it. */
  async query(subId: string, ...filters: object[]): Promise<NostrEvent[]> {
    this.send(['REQ', subId, ...filters]);
    const events: NostrEvent[] = [];
    for (;;) {
      const message = await this.next((m) => m[1] === subId && ['EVENT', 'EOSE', 'CLOSED'].includes(m[0]));
      if (message[0] === 'EVENT') events.push(message[2] as NostrEvent);
      else if (message[0] === 'CLOSED') throw new Error(`subscription closed: ${String(message[2])}`);
      else return events;
    }
  }

  close(): void {
    this.socket.close();
  }
}

export interface AuthTemplate {
  kind: number;
  created_at: number;
  tags: string[][];
}

export function authEvent(
  secretKey: Uint8Array,
  challenge: string,
  relayUrl: string,
  tweak: Partial<AuthTemplate> = {},
): VerifiedEvent {
  return finalizeEvent(
    {
      kind: tweak.kind ?? 22242,
      created_at: tweak.created_at ?? Math.floor(Date.now() / 1000),
      tags: tweak.tags ?? [
        ['relay', relayUrl],
        ['challenge', challenge],
      ],
      content: '',
    },
    secretKey,
  );
}

// Each event one second after the last, starting 800 s back: ordered and distinct, and inside the ±900 s that
// buzz accepts for the first 1,700 events of a test file.
let clock = Math.floor(Date.now() / 1000) - 800;

/** A signed event with a unique created_at per call, so tests never collide on ids or ordering. */
export function signed(
  secretKey: Uint8Array,
  template: { kind: number; tags?: string[][]; content?: string; created_at?: number },
) {
  return finalizeEvent(
    {
      kind: template.kind,
      tags: template.tags ?? [],
      content: template.content ?? '',
      created_at: template.created_at ?? clock++,
    },
    secretKey,
  );
}

/** The value of one exact series line (`name{labels}`) in an exposition body, or undefined when absent. */
export function metricValue(body: string, series: string): number | undefined {
  for (const line of body.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

/** Whether a family has a `# TYPE` line in the body. */
export function hasFamily(body: string, name: string): boolean {
  return body.split('\n').some((line) => line.startsWith(`# TYPE ${name} `));
}

/** Polls the scrape until check passes (bounded); returns the last body. */
export async function scrapeUntil(
  scrape: () => Promise<string>,
  check: (body: string) => boolean,
  timeoutMs = 5000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let body = await scrape();
  while (!check(body)) {
    if (Date.now() > deadline) throw new Error(`metrics never satisfied the check; last scrape:\n${body}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    body = await scrape();
  }
  return body;
}
