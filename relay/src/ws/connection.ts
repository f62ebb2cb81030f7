import { randomBytes, randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Limits } from '../config.ts';
import type { Counter } from '../metrics/registry.ts';
import type { Subscriber } from '../subscriptions/subscription.ts';

export type AuthState = 'pending' | 'authenticated' | 'failed';

/**
 * One client. `pending` counts frames handed to the socket whose write has not completed: that is the send
 * buffer of BUZZ_SEND_BUFFER frames. Replies always queue; live (fan-out) frames follow the slow-client rule:
 * a live frame that finds the buffer full is dropped, and BUZZ_SLOW_CLIENT_GRACE_LIMIT such drops in a row drop
 * the connection.
 */
export class Connection implements Subscriber {
  readonly id = randomUUID();
  readonly challenge = randomBytes(32).toString('hex');
  auth: AuthState = 'pending';
  pubkey: string | undefined;
  alive = true;
  closed = false;
  readonly #socket: WebSocket;
  readonly #limits: Limits;
  readonly #backpressureDisconnects: Counter;
  readonly #flushed = () => {
    this.#pending--;
  };
  #pending = 0;
  #fullInARow = 0;
  /** Tail of the frames that must run in order (all but EVENT); see ws/server.ts. */
  ordered: Promise<void> = Promise.resolve();
  orderedInFlight = 0;

  constructor(socket: WebSocket, limits: Limits, backpressureDisconnects: Counter) {
    this.#socket = socket;
    this.#limits = limits;
    this.#backpressureDisconnects = backpressureDisconnects;
  }

  send(frame: string): void {
    if (this.closed) return;
    this.#pending++;
    this.#socket.send(frame, this.#flushed);
  }

  sendLive(frame: string): void {
    if (this.closed) return;
    if (this.#pending >= this.#limits.sendBuffer) {
      this.#fullInARow++;
      if (this.#fullInARow >= this.#limits.slowClientGraceLimit) {
        this.#backpressureDisconnects.inc();
        this.drop();
      }
      return;
    }
    this.#fullInARow = 0;
    this.send(frame);
  }

  /** Closes with a close frame, after what is already queued. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.#socket.close(code, reason);
  }

  /** Cuts the connection at once, dropping what is queued. */
  drop(): void {
    this.closed = true;
    this.#socket.terminate();
  }

  ping(): void {
    this.#socket.ping();
  }
}
