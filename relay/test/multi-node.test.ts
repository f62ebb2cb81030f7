import { Redis } from 'ioredis';
import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFamily, metricValue, RawClient, scrapeUntil, signed } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

let services: TestServices;

beforeAll(async () => {
  services = await createTestServices('multinode');
});

afterAll(async () => {
  await services?.database.drop();
});

async function authed(relay: TestRelay, sk = generateSecretKey()): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(sk))[2]).toBe(true);
  return client;
}

describe('several nodes on one Postgres and Redis', () => {
  let a: TestRelay;
  let b: TestRelay;

  beforeAll(async () => {
    // Both start at once: the migrations run under an advisory lock, so neither trips over the other.
    [a, b] = await Promise.all([startTestRelay(services), startTestRelay(services)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it('§5 an event published on one node reaches a subscriber on the other exactly once', async () => {
    const sk = generateSecretKey();
    const subscriber = await authed(b);
    const publisher = await authed(a, sk);
    await subscriber.query('cross', { authors: [getPublicKey(sk)] });
    const event = signed(sk, { kind: 1, content: 'across nodes' });
    expect((await publisher.publish(event))[2]).toBe(true);
    const delivered = await subscriber.next((m) => m[0] === 'EVENT' && m[1] === 'cross');
    expect((delivered[2] as { id: string }).id).toBe(event.id);
    // A marker published after it proves the event is not coming a second time.
    const marker = signed(sk, { kind: 1, content: 'marker' });
    await publisher.publish(marker);
    await subscriber.next((m) => m[0] === 'EVENT' && (m[2] as { id: string }).id === marker.id);
    expect(
      subscriber.received.filter((m) => m[0] === 'EVENT' && (m[2] as { id: string }).id === event.id),
    ).toHaveLength(1);
    subscriber.close();
    publisher.close();
  });

  it('§2.3 buzz_multinode_fanout_total counts events from the other node only, even with 0 recipients', async () => {
    const beforeA = metricValue(await a.scrape(), 'buzz_multinode_fanout_total') ?? 0;
    const beforeB = metricValue(await b.scrape(), 'buzz_multinode_fanout_total') ?? 0;
    const sk = generateSecretKey();
    const publisher = await authed(a, sk);
    expect((await publisher.publish(signed(sk, { kind: 1, content: 'nobody listens' })))[2]).toBe(true);
    await scrapeUntil(b.scrape, (body) => metricValue(body, 'buzz_multinode_fanout_total') === beforeB + 1);
    // Node a's own echo is suppressed; a later event from b proves a has processed what Redis delivered.
    const other = await authed(b, sk);
    expect((await other.publish(signed(sk, { kind: 1 })))[2]).toBe(true);
    await scrapeUntil(a.scrape, (body) => metricValue(body, 'buzz_multinode_fanout_total') === beforeA + 1);
    publisher.close();
    other.close();
  });

  it('§2.3 events received from Redis do not record buzz_fanout_recipients', async () => {
    const subscriber = await authed(b);
    await subscriber.query('remote-only', { kinds: [1] });
    const before = await b.scrape();
    const beforeCount = metricValue(before, 'buzz_fanout_recipients_count') ?? 0;
    const beforeMultinode = metricValue(before, 'buzz_multinode_fanout_total') ?? 0;
    const sk = generateSecretKey();
    const publisher = await authed(a, sk);
    expect((await publisher.publish(signed(sk, { kind: 1 })))[2]).toBe(true);
    await subscriber.next((m) => m[0] === 'EVENT' && m[1] === 'remote-only');
    const after = await b.scrape();
    expect(metricValue(after, 'buzz_multinode_fanout_total')).toBe(beforeMultinode + 1);
    expect(metricValue(after, 'buzz_fanout_recipients_count') ?? 0).toBe(beforeCount);
    subscriber.close();
    publisher.close();
  });
});

describe('restart', () => {
  it('§4 a restarted relay still has every event it acknowledged', async () => {
    const first = await startTestRelay(services);
    const sk = generateSecretKey();
    const client = await authed(first, sk);
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) {
      const event = signed(sk, { kind: 1, content: `durable ${i}` });
      client.send(['EVENT', event]);
      acknowledged.push(event.id);
    }
    for (const id of acknowledged) expect((await client.next((m) => m[0] === 'OK' && m[1] === id))[2]).toBe(true);
    await first.stop();
    const second = await startTestRelay(services);
    const reader = await authed(second);
    const stored = await reader.query('after-restart', { authors: [getPublicKey(sk)] });
    expect(stored.map((e) => e.id).sort()).toEqual([...acknowledged].sort());
    reader.close();
    await second.stop();
  });
});

describe('lag accounting', () => {
  it('§2.3 a fan-in queue of capacity 1 that is flooded counts buzz_multinode_fanout_lag_total', async () => {
    const relay = await startTestRelay(services, { BUZZ_FANOUT_CHANNEL_CAPACITY: '1' });
    expect(hasFamily(await relay.scrape(), 'buzz_multinode_fanout_lag_total')).toBe(false);
    const redis = new Redis(services.redisUrl);
    const channel = `buzz:${new URL(services.redisUrl).pathname.slice(1)}:events`;
    const event = JSON.stringify(signed(generateSecretKey(), { kind: 20002 }));
    // One pipeline: the messages arrive together, faster than one turn of the consumer.
    const pipeline = redis.pipeline();
    for (let i = 0; i < 50; i++) pipeline.publish(channel, `other-node ${event}`);
    await pipeline.exec();
    const body = await scrapeUntil(relay.scrape, (b) => (metricValue(b, 'buzz_multinode_fanout_lag_total') ?? 0) > 0);
    const lag = metricValue(body, 'buzz_multinode_fanout_lag_total') ?? 0;
    await scrapeUntil(relay.scrape, (b) => (metricValue(b, 'buzz_multinode_fanout_total') ?? 0) + lag >= 50);
    expect(hasFamily(body, 'buzz_cache_invalidation_lag_total')).toBe(false);
    redis.disconnect();
    await relay.stop();
  });

  it('§2.3 a flooded invalidation queue of capacity 1 counts buzz_cache_invalidation_lag_total', async () => {
    const relay = await startTestRelay(services, { BUZZ_CACHE_INVALIDATION_CHANNEL_CAPACITY: '1' });
    const redis = new Redis(services.redisUrl);
    const channel = `buzz:${new URL(services.redisUrl).pathname.slice(1)}:invalidations`;
    const pipeline = redis.pipeline();
    for (let i = 0; i < 50; i++)
      pipeline.publish(channel, `other-node ${JSON.stringify({ channel: 'c', pubkeys: [] })}`);
    await pipeline.exec();
    const body = await scrapeUntil(relay.scrape, (b) => (metricValue(b, 'buzz_cache_invalidation_lag_total') ?? 0) > 0);
    expect(hasFamily(body, 'buzz_multinode_fanout_lag_total')).toBe(false);
    redis.disconnect();
    await relay.stop();
  });
});
