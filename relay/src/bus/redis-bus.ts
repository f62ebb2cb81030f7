import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { LaggingQueue } from './lagging-queue.ts';

// Cross-node traffic over Redis pub/sub. Messages are `<node id> <payload>`; a node ignores its own echo.
// Pub/sub channels are global to a Redis server whatever the db index, so the channel names carry the index of
// REDIS_URL: relays pointed at different db indexes of one server never hear each other.

/** A membership change some node applied: drop what the caches know about these pubkeys in this channel. */
export interface Invalidation {
  readonly channel: string;
  readonly pubkeys: readonly string[];
}

export interface RedisPoolStats {
  readonly size: number;
  readonly available: number;
  readonly max: number;
  readonly waiting: number;
}

export interface BusOptions {
  readonly redisUrl: string;
  readonly nodeId: string;
  readonly fanoutCapacity: number;
  readonly invalidationCapacity: number;
  readonly metrics: MetricsRegistry;
  readonly log: Logger;
  /** An event stored (or ephemeral) on another node. */
  onRemoteEvent(raw: string): void;
  onInvalidation(invalidation: Invalidation): void;
  /** Invalidations were dropped: whatever they said is unknown, so every cache entry is suspect. */
  onInvalidationLag(): void;
}

const CLIENTS = 2;

export function redisDbIndex(redisUrl: string): number {
  const db = Number(new URL(redisUrl).pathname.slice(1) || '0');
  return Number.isInteger(db) && db >= 0 ? db : 0;
}

export class RedisBus {
  readonly eventsChannel: string;
  readonly invalidationsChannel: string;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #nodeId: string;
  readonly #prefix: string;
  readonly #fanout: LaggingQueue<string>;
  readonly #invalidations: LaggingQueue<string>;
  readonly #log: Logger;

  private constructor(options: BusOptions, publisher: Redis, subscriber: Redis) {
    const db = redisDbIndex(options.redisUrl);
    this.eventsChannel = `buzz:${db}:events`;
    this.invalidationsChannel = `buzz:${db}:invalidations`;
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#nodeId = options.nodeId;
    this.#prefix = `${options.nodeId} `;
    this.#log = options.log;
    const multinode = options.metrics.counter('buzz_multinode_fanout_total');
    this.#fanout = new LaggingQueue<string>(
      options.fanoutCapacity,
      (raw) => {
        multinode.inc();
        options.onRemoteEvent(raw);
      },
      (missed) => {
        options.metrics.counter('buzz_multinode_fanout_lag_total').inc(undefined, missed);
        options.log.warn({ missed }, 'multi-node fan-out lagged: events from other nodes were dropped');
      },
    );
    this.#invalidations = new LaggingQueue<string>(
      options.invalidationCapacity,
      (payload) => {
        try {
          options.onInvalidation(JSON.parse(payload) as Invalidation);
        } catch (error) {
          options.log.warn({ err: error }, 'ignoring a malformed cache invalidation');
        }
      },
      (missed) => {
        options.metrics.counter('buzz_cache_invalidation_lag_total').inc(undefined, missed);
        options.log.warn({ missed }, 'cache invalidation lagged: clearing every cache');
        options.onInvalidationLag();
      },
    );
    subscriber.on('message', (channel: string, message: string) => this.#receive(channel, message));
  }

  static async connect(options: BusOptions): Promise<RedisBus> {
    const make = (role: string) => {
      const client = new Redis(options.redisUrl, { lazyConnect: true, connectionName: `buzz-relay-${role}` });
      client.on('error', (error: Error) => options.log.warn({ err: error, role }, 'redis connection error'));
      return client;
    };
    const publisher = make('publisher');
    const subscriber = make('subscriber');
    try {
      await Promise.all([publisher.connect(), subscriber.connect()]);
      const bus = new RedisBus(options, publisher, subscriber);
      await subscriber.subscribe(bus.eventsChannel, bus.invalidationsChannel);
      return bus;
    } catch (error) {
      publisher.disconnect();
      subscriber.disconnect();
      throw new Error(`cannot connect to Redis at REDIS_URL: ${(error as Error).message}`);
    }
  }

  get nodeId(): string {
    return this.#nodeId;
  }

  publishEvent(raw: string): void {
    this.#publish(this.eventsChannel, raw);
  }

  /** Any prefix but this node's own: every node, this one included, takes the message as remote. */
  publishUnmarked(raw: string): void {
    this.#publisher.publish(this.eventsChannel, `relay ${raw}`).catch((error: unknown) => {
      this.#log.warn({ err: error }, 'redis publish failed; subscribers miss this system message');
    });
  }

  /** size = connected clients, available = connected and idle, max = clients kept, waiting = queued commands. */
  stats(): RedisPoolStats {
    let size = 0;
    let available = 0;
    for (const client of [this.#publisher, this.#subscriber]) {
      if (client.status !== 'ready') continue;
      size++;
      if (client.commandQueue.length === 0) available++;
    }
    return { size, available, max: CLIENTS, waiting: this.#publisher.commandQueue.length };
  }

  async close(): Promise<void> {
    this.#fanout.close();
    this.#invalidations.close();
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }

  #publish(channel: string, payload: string): void {
    this.#publisher.publish(channel, this.#prefix + payload).catch((error: unknown) => {
      this.#log.warn({ err: error, channel }, 'redis publish failed; other nodes miss this message');
    });
  }

  #receive(channel: string, message: string): void {
    if (message.startsWith(this.#prefix)) return;
    const space = message.indexOf(' ');
    if (space < 0) return;
    const payload = message.slice(space + 1);
    if (channel === this.eventsChannel) this.#fanout.push(payload);
    else if (channel === this.invalidationsChannel) this.#invalidations.push(payload);
  }
}
