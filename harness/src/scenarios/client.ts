// One scripted WebSocket client of a session. It records every message the relay sends, numbered in arrival
// order across the session, and hands them out to waits: a wait takes the first message not yet taken that
// matches, or fails after a bounded time with what did arrive. What no wait took is reported at the end, so a
// scenario sees every message the relay sent.

import WebSocket from 'ws';

export interface ReceivedMessage {
  /** Position among every message of the session, all clients together. */
  readonly seq: number;
  readonly client: string;
  readonly text: string;
  /** The parsed frame; undefined when the text is not a JSON array. */
  readonly frame: readonly unknown[] | undefined;
}

export interface CloseInfo {
  readonly code: number;
  readonly reason: string;
  /** True when the relay closed the connection, false when this client did. */
  readonly byRelay: boolean;
}

/** A wait that ran out of time or whose connection went away; the runner prefixes the step. */
export class WaitError extends Error {
  override name = 'WaitError';
}

const SHOWN_MESSAGES = 12;
const SHOWN_CHARS = 240;

function parseFrame(text: string): readonly unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

export function describeMessages(messages: readonly ReceivedMessage[]): string {
  if (messages.length === 0) return 'nothing';
  const shown = messages.slice(-SHOWN_MESSAGES).map((m) => {
    const text = m.text.length > SHOWN_CHARS ? `${m.text.slice(0, SHOWN_CHARS)}…` : m.text;
    return `#${m.seq} ${text}`;
  });
  const skipped = messages.length - shown.length;
  return `${skipped > 0 ? `(${skipped} earlier) ` : ''}${shown.join(' | ')}`;
}

interface Waiter {
  readonly match: (message: ReceivedMessage) => boolean;
  readonly resolve: (message: ReceivedMessage) => void;
  readonly reject: (error: Error) => void;
}

export class ScriptedClient {
  readonly name: string;
  readonly #socket: WebSocket;
  readonly #nextSeq: () => number;
  /** Received and not yet taken by a wait, in arrival order. */
  readonly #pending: ReceivedMessage[] = [];
  readonly #all: ReceivedMessage[] = [];
  #waiter: Waiter | undefined;
  #closed: CloseInfo | undefined;
  #closing = false;
  readonly #closeWaiters: ((info: CloseInfo) => void)[] = [];

  private constructor(name: string, socket: WebSocket, nextSeq: () => number) {
    this.name = name;
    this.#socket = socket;
    this.#nextSeq = nextSeq;
    socket.on('message', (data, isBinary) => this.#receive(isBinary ? `<binary ${String(data)}>` : String(data)));
    socket.on('close', (code, reason) => this.#onClose(code, reason.toString('utf8')));
  }

  /** Opens the connection; `headers` go on the upgrade request, in order (a name may repeat). */
  static connect(
    name: string,
    url: string,
    headers: readonly (readonly [string, string])[],
    nextSeq: () => number,
    timeoutMs: number,
  ): Promise<ScriptedClient> {
    return new Promise((resolve, reject) => {
      // ws takes headers as an object; repeated names go as an array, which node sends as repeated lines.
      const merged: Record<string, string | string[]> = {};
      for (const [header, value] of headers) {
        const previous = merged[header];
        merged[header] = previous === undefined ? value : [...[previous].flat(), value];
      }
      const socket = new WebSocket(url, { headers: merged as Record<string, string>, handshakeTimeout: timeoutMs });
      const client = new ScriptedClient(name, socket, nextSeq);
      const fail = (error: Error) => {
        socket.terminate();
        reject(new WaitError(`cannot open a WebSocket to ${url}: ${error.message}`));
      };
      socket.once('error', fail);
      socket.once('unexpected-response', (_req, res) => {
        fail(new Error(`the upgrade was answered with HTTP ${res.statusCode}`));
      });
      socket.once('open', () => {
        socket.off('error', fail);
        socket.on('error', () => {});
        resolve(client);
      });
    });
  }

  get closed(): CloseInfo | undefined {
    return this.#closed;
  }

  /** Every message received so far, in order. */
  get messages(): readonly ReceivedMessage[] {
    return this.#all;
  }

  /** Messages no wait has taken. */
  get untaken(): readonly ReceivedMessage[] {
    return [...this.#pending];
  }

  send(text: string): void {
    if (this.#closed !== undefined) {
      throw new WaitError(`cannot send: the connection is closed (${describeClose(this.#closed)})`);
    }
    this.#socket.send(text);
  }

  /**
   * The first untaken message that matches, waiting at most `timeoutMs` for it. `what` names it in the error:
   * "no OK for note-1 within 5000 ms; received: …".
   */
  take(what: string, match: (message: ReceivedMessage) => boolean, timeoutMs: number): Promise<ReceivedMessage> {
    const index = this.#pending.findIndex(match);
    if (index >= 0) return Promise.resolve(this.#pending.splice(index, 1)[0]!);
    if (this.#closed !== undefined) {
      return Promise.reject(this.#missing(what, `the connection is closed (${describeClose(this.#closed)})`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = undefined;
        reject(this.#missing(what, `nothing matching arrived within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = {
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  /** Untaken messages that match, in order, without waiting; they are taken. */
  takeAll(match: (message: ReceivedMessage) => boolean): ReceivedMessage[] {
    const taken = this.#pending.filter(match);
    for (const message of taken) this.#pending.splice(this.#pending.indexOf(message), 1);
    return taken;
  }

  /** Resolves when the relay closes the connection; fails after `timeoutMs`. */
  awaitClose(timeoutMs: number): Promise<CloseInfo> {
    if (this.#closed !== undefined) return Promise.resolve(this.#closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new WaitError(`the relay did not close the connection within ${timeoutMs} ms; ${this.#receivedText()}`));
      }, timeoutMs);
      this.#closeWaiters.push((info) => {
        clearTimeout(timer);
        resolve(info);
      });
    });
  }

  /** Closes from this side (code 1000) and waits for the closing handshake; cuts the socket after `timeoutMs`. */
  async disconnect(timeoutMs: number): Promise<CloseInfo> {
    if (this.#closed !== undefined) return this.#closed;
    this.#closing = true;
    const closed = this.awaitClose(timeoutMs);
    this.#socket.close(1000, 'scenario step: disconnect');
    try {
      return await closed;
    } catch (error) {
      this.#socket.terminate();
      throw error;
    }
  }

  #receive(text: string): void {
    const message: ReceivedMessage = { seq: this.#nextSeq(), client: this.name, text, frame: parseFrame(text) };
    this.#all.push(message);
    const waiter = this.#waiter;
    if (waiter?.match(message)) {
      this.#waiter = undefined;
      waiter.resolve(message);
      return;
    }
    this.#pending.push(message);
  }

  #onClose(code: number, reason: string): void {
    this.#closed = { code, reason, byRelay: !this.#closing };
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(new WaitError(`the connection closed (${describeClose(this.#closed)}); ${this.#receivedText()}`));
    for (const notify of this.#closeWaiters.splice(0)) notify(this.#closed);
  }

  #missing(what: string, why: string): WaitError {
    return new WaitError(`no ${what}: ${why}; ${this.#receivedText()}`);
  }

  #receivedText(): string {
    return `received and not yet taken: ${describeMessages(this.#pending)}`;
  }
}

export function describeClose(info: CloseInfo): string {
  const by = info.byRelay ? 'by the relay' : 'by the client';
  return `${by}, code ${info.code}${info.reason === '' ? '' : ` "${info.reason}"`}`;
}
