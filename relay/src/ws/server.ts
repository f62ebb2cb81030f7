import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { handleAuthFrame } from '../handlers/auth.ts';
import { handleClose } from '../handlers/close.ts';
import type { RelayContext } from '../handlers/context.ts';
import { handleCountFrame } from '../handlers/count.ts';
import { handleEventFrame } from '../handlers/event.ts';
import { handleReqFrame } from '../handlers/req.ts';
import { type ClientFrame, parseClientFrame } from '../nostr/frames.ts';
import { authChallengeFrame, closedFrame, noticeFrame, okFrame } from '../nostr/replies.ts';
import { Connection } from './connection.ts';
import { Semaphore } from './semaphore.ts';

const PING_INTERVAL_MS = 30_000;
/**
 * Frames up to BUZZ_MAX_FRAME_BYTES are handled; larger ones up to this bound are read so that the client can be
 * told why it is disconnected (NOTICE `error: frame too large`). Beyond it `ws` closes with 1009 straight away,
 * so a hostile client cannot make the relay buffer an unbounded message.
 */
const readableFrameBytes = (maxFrameBytes: number) => Math.max(4 * maxFrameBytes, maxFrameBytes + 1024 * 1024);

/**
 * The WebSocket side of the app listener: connection lifecycle (liveness, cleanup; like the buzz snapshot, no AUTH timeout) and frame
 * routing. Frames of one connection run in arrival order, except that EVENT frames do not wait for one another
 * (only for the ordered frames before them), so one client can have many events in flight, as bulk publishers do.
 */
export class RelayWebSocketServer {
  readonly connections = new Set<Connection>();
  readonly #ctx: RelayContext;
  readonly #wss: WebSocketServer;
  readonly #handlers: Semaphore;
  readonly #pingTimer: NodeJS.Timeout;
  /** Frames read and not yet answered, ordered ones waiting their turn included. */
  #framesInFlight = 0;
  #draining = false;

  constructor(ctx: RelayContext) {
    this.#ctx = ctx;
    this.#handlers = new Semaphore(ctx.config.limits.maxConcurrentHandlers);
    this.#wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      perMessageDeflate: false,
      maxPayload: readableFrameBytes(ctx.config.limits.maxFrameBytes),
    });
    this.#pingTimer = setInterval(() => this.#checkLiveness(), PING_INTERVAL_MS);
    this.#pingTimer.unref();
  }

  get atCapacity(): boolean {
    return this.connections.size >= this.#ctx.config.limits.maxConnections;
  }

  get framesInFlight(): number {
    return this.#framesInFlight;
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, upgraded: () => void): void {
    this.#wss.handleUpgrade(req, socket, head, (ws) => {
      upgraded();
      this.#accept(ws);
    });
  }

  /**
   * Drains: from now on no frame is read (a client that keeps sending cannot hold shutdown open), the frames
   * already read are answered (or the deadline passes), then every connection is closed with 1001.
   */
  async close(deadlineMs: number): Promise<void> {
    clearInterval(this.#pingTimer);
    this.#draining = true;
    const deadline = Date.now() + deadlineMs;
    while (this.#framesInFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const conn of this.connections) conn.close(1001, 'relay shutting down');
    while (this.connections.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    for (const conn of this.connections) conn.drop();
    this.#wss.close();
  }

  #accept(ws: WebSocket): void {
    const { metrics, log } = this.#ctx;
    const conn = new Connection(ws, this.#ctx.config.limits, metrics.backpressureDisconnects);
    metrics.connectionsTotal.inc();
    conn.send(authChallengeFrame(conn.challenge));
    metrics.connectionsActive.add(1);
    this.connections.add(conn);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#receive(conn, data, isBinary));
    ws.on('pong', () => {
      conn.alive = true;
    });
    ws.on('error', (error) => log.debug({ err: error, conn_id: conn.id }, 'websocket error'));
    ws.on('close', () => {
      conn.closed = true;
      this.connections.delete(conn);
      metrics.connectionsActive.add(-1);
      this.#ctx.subscriptions.removeAll(conn);
    });
  }

  /** A 'message' listener: a throw here would reach the event loop, so whatever fails is caught and counted. */
  #receive(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closed || this.#draining) return;
    try {
      this.#read(conn, data, isBinary);
    } catch (error) {
      this.#ctx.failures.record('frame', error, { conn_id: conn.id, bytes: data.length });
      conn.send(noticeFrame('error: could not handle the frame'));
    }
  }

  #read(conn: Connection, data: Buffer, isBinary: boolean): void {
    const limit = this.#ctx.config.limits.maxFrameBytes;
    if (data.length > limit) {
      conn.send(noticeFrame(`error: frame too large (${data.length} bytes, limit ${limit})`));
      conn.close(1009, 'frame too large');
      return;
    }
    if (isBinary) {
      conn.send(noticeFrame('invalid message: binary frames are not supported; send JSON text'));
      return;
    }
    const parsed = parseClientFrame(data.toString('utf8'));
    if (!parsed.ok) {
      conn.send(noticeFrame(`invalid message: ${parsed.reason}`));
      return;
    }
    this.#route(conn, parsed.frame);
  }

  #route(conn: Connection, frame: ClientFrame): void {
    if (frame.type === 'EVENT') {
      this.#track(
        conn.orderedInFlight === 0 ? this.#run(conn, frame) : conn.ordered.then(() => this.#run(conn, frame)),
      );
      return;
    }
    if (frame.type === 'CLOSE' && conn.orderedInFlight === 0) {
      handleClose(this.#ctx, conn, frame.subId);
      return;
    }
    conn.orderedInFlight++;
    conn.ordered = conn.ordered
      .then(() => this.#run(conn, frame))
      .finally(() => {
        conn.orderedInFlight--;
      });
    this.#track(conn.ordered);
  }

  #track(handled: Promise<void>): void {
    this.#framesInFlight++;
    handled.finally(() => {
      this.#framesInFlight--;
    });
  }

  /** Never rejects: a handler that throws is counted, its frame still gets an answer, and the relay carries on. */
  async #run(conn: Connection, frame: ClientFrame): Promise<void> {
    if (!this.#handlers.tryAcquire()) await this.#handlers.acquire();
    try {
      if (conn.closed) return;
      await this.#handle(conn, frame);
    } catch (error) {
      this.#ctx.failures.record('handler', error, { conn_id: conn.id, frame: frame.type });
      conn.send(failureReply(frame));
    } finally {
      this.#handlers.release();
    }
  }

  #handle(conn: Connection, frame: ClientFrame): Promise<void> | void {
    const ctx = this.#ctx;
    switch (frame.type) {
      case 'EVENT':
        return handleEventFrame(ctx, conn, frame.event);
      case 'AUTH':
        return handleAuthFrame(ctx, conn, frame.event);
      case 'REQ':
        return handleReqFrame(ctx, conn, frame.subId, frame.filters);
      case 'COUNT':
        return handleCountFrame(ctx, conn, frame.subId, frame.filters);
      case 'CLOSE':
        return handleClose(ctx, conn, frame.subId);
    }
  }

  #checkLiveness(): void {
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.drop();
        continue;
      }
      conn.alive = false;
      conn.ping();
    }
  }
}

/** What a frame whose handler threw is answered with, so that its client is never left waiting. */
function failureReply(frame: ClientFrame): string {
  switch (frame.type) {
    case 'EVENT':
    case 'AUTH':
      return okFrame(frame.event.id, false, 'error: internal error');
    case 'REQ':
    case 'COUNT':
    case 'CLOSE':
      return closedFrame(frame.subId, 'error: internal error');
  }
}
