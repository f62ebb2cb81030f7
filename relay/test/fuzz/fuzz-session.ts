import { createHash } from 'node:crypto';
import { finalizeEvent } from 'nostr-tools/pure';
import WebSocket from 'ws';
import type { BuildContext, Family, Recipe } from './hostile-frames.ts';

// Sends hostile recipes over real WebSockets, in waves: each wave's frames go out on their slots' connections
// at once, then every connection used is probed (CLOSE probe-N → CLOSED probe-N) so that the relay has read and
// answered the wave's ordered frames before the next one. A connection the relay closes (oversized frame, AUTH
// window) is opened again when its slot is next used.

export interface FuzzSessionOptions {
  readonly url: string;
  /** RELAY_URL of the relay (AUTH relay tags). */
  readonly relayUrl: string;
  readonly maxFrameBytes: number;
  readonly seed: number;
  readonly authenticatedSlots?: number;
  readonly unauthenticatedSlots?: number;
  readonly wave?: number;
  /** Called after each wave with the frames sent so far. */
  readonly onProgress?: (sent: number) => void;
}

export interface FuzzSessionResult {
  readonly sent: number;
  readonly byFamily: Readonly<Partial<Record<Family, number>>>;
  readonly replies: Readonly<Record<string, number>>;
  /** Replies that are not a relay → client message (not JSON, not an array, unknown type, a stack trace). */
  readonly malformedReplies: readonly string[];
  readonly connectionsOpened: number;
  readonly elapsedMs: number;
}

const RELAY_MESSAGE_TYPES = new Set(['OK', 'NOTICE', 'CLOSED', 'EOSE', 'EVENT', 'COUNT', 'AUTH']);
const PROBE_TIMEOUT_MS = 15_000;
const QUIET_MS = 750;

/** A slot's key, derived from the seed, so a run can be repeated with the same authors. */
function slotKey(seed: number, slot: number): Uint8Array {
  return createHash('sha256').update(`buzz-compat fuzz ${seed} ${slot}`).digest();
}

class FuzzConnection {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly challenge: Promise<string>;
  closed = false;
  #lastMessageAt = Date.now();
  readonly #waiters = new Map<string, () => void>();
  readonly #authWaiters = new Map<string, (accepted: boolean) => void>();

  constructor(url: string, result: { replies: Record<string, number>; malformed: string[] }) {
    this.socket = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    let gotChallenge: (challenge: string) => void = () => {};
    this.challenge = new Promise((resolve) => {
      gotChallenge = resolve;
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('error', () => {});
    this.socket.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters.values()) wake();
      for (const wake of this.#authWaiters.values()) wake(false);
    });
    this.socket.on('message', (data: Buffer, isBinary: boolean) => {
      this.#lastMessageAt = Date.now();
      const text = data.toString('utf8');
      let message: unknown;
      try {
        message = JSON.parse(text);
      } catch {
        message = undefined;
      }
      const type = Array.isArray(message) ? message[0] : undefined;
      if (isBinary || typeof type !== 'string' || !RELAY_MESSAGE_TYPES.has(type) || /\n\s+at /.test(text)) {
        result.malformed.push(text.slice(0, 300));
        return;
      }
      result.replies[type] = (result.replies[type] ?? 0) + 1;
      const [, first, second] = message as unknown[];
      if (type === 'AUTH' && typeof first === 'string') gotChallenge(first);
      if (type === 'CLOSED' && typeof first === 'string') this.#waiters.get(first)?.();
      if (type === 'OK' && typeof first === 'string') this.#authWaiters.get(first)?.(second === true);
    });
  }

  get quietForMs(): number {
    return Date.now() - this.#lastMessageAt;
  }

  send(payload: string | Buffer): void {
    if (this.closed || this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(payload, () => {});
  }

  /** Resolves once the relay answered CLOSE `id` (or the connection went, or the wait timed out). */
  probe(id: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, PROBE_TIMEOUT_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#waiters.set(id, () => {
        this.#waiters.delete(id);
        done();
      });
      this.send(JSON.stringify(['CLOSE', id]));
    });
  }

  async authenticate(secretKey: Uint8Array, relayUrl: string): Promise<boolean> {
    const challenge = await this.challenge;
    const event = finalizeEvent(
      {
        kind: 22242,
        created_at: Math.floor(Date.now() / 1000),
        tags: [
          ['relay', relayUrl],
          ['challenge', challenge],
        ],
        content: '',
      },
      secretKey,
    );
    const answered = new Promise<boolean>((resolve) => this.#authWaiters.set(event.id, resolve));
    this.send(JSON.stringify(['AUTH', event]));
    return answered;
  }

  close(): void {
    this.socket.terminate();
  }
}

export async function runFuzzSession(
  recipes: readonly Recipe[],
  options: FuzzSessionOptions,
): Promise<FuzzSessionResult> {
  const started = performance.now();
  const authenticated = options.authenticatedSlots ?? 6;
  const unauthenticated = options.unauthenticatedSlots ?? 2;
  const wave = options.wave ?? 40;
  const result = { replies: {} as Record<string, number>, malformed: [] as string[] };
  const byFamily: Partial<Record<Family, number>> = {};
  const slots = new Map<string, FuzzConnection>();
  let opened = 0;
  let probes = 0;

  const open = async (): Promise<FuzzConnection> => {
    opened++;
    const connection = new FuzzConnection(options.url, result);
    await connection.opened;
    await connection.challenge;
    return connection;
  };

  /** The open connection of a slot, (re)opened and (re)authenticated as needed. */
  const connectionFor = async (
    recipe: Recipe,
  ): Promise<{ name: string; connection: FuzzConnection; key: Uint8Array }> => {
    const index = recipe.unauthenticated ? recipe.slot % unauthenticated : recipe.slot % authenticated;
    const name = `${recipe.unauthenticated ? 'guest' : 'author'}-${index}`;
    const key = slotKey(options.seed, recipe.unauthenticated ? 1000 + index : index);
    let connection = slots.get(name);
    if (connection === undefined || connection.closed) {
      connection = await open();
      if (!recipe.unauthenticated && !(await connection.authenticate(key, options.relayUrl))) {
        throw new Error(`fuzz slot ${name} could not authenticate`);
      }
      slots.set(name, connection);
    }
    return { name, connection, key };
  };

  const nowSecs = () => Math.floor(Date.now() / 1000);
  let sent = 0;
  for (let start = 0; start < recipes.length; start += wave) {
    const used = new Set<FuzzConnection>();
    for (const recipe of recipes.slice(start, start + wave)) {
      const { connection, key } = await connectionFor(recipe);
      const ctx: BuildContext = {
        secretKey: key,
        challenge: await connection.challenge,
        relayUrl: options.relayUrl,
        maxFrameBytes: options.maxFrameBytes,
        nowSecs,
      };
      const outgoing = recipe.build(ctx);
      byFamily[recipe.family] = (byFamily[recipe.family] ?? 0) + 1;
      sent++;
      if (outgoing.ownConnection) {
        const own = await open();
        own.send(outgoing.payload);
        own.close();
        continue;
      }
      connection.send(outgoing.payload);
      used.add(connection);
    }
    await Promise.all([...used].map((connection) => connection.probe(`probe-${probes++}`)));
    options.onProgress?.(sent);
  }

  // The last EVENTs may still be in the writer: wait until every connection has been quiet for a while.
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && [...slots.values()].some((c) => !c.closed && c.quietForMs < QUIET_MS)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const connection of slots.values()) connection.close();
  return {
    sent,
    byFamily,
    replies: result.replies,
    malformedReplies: result.malformed,
    connectionsOpened: opened,
    elapsedMs: performance.now() - started,
  };
}
