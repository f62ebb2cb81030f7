import { generateSecretKey, getPublicKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasFamily, metricValue, RawClient, scrapeUntil, signed } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

// For each core family of CONTRACT §2.3: its real cause moves exactly the expected series, and unrelated
// actions do not create it. Each test uses a fresh relay, so "absent" means absent.

let services: TestServices;
const running: TestRelay[] = [];

beforeAll(async () => {
  services = await createTestServices('families');
});

afterAll(async () => {
  await Promise.all(running.map((relay) => relay.stop()));
  await services?.database.drop();
});

async function fresh(env: Record<string, string> = {}): Promise<TestRelay> {
  const relay = await startTestRelay(services, env);
  running.push(relay);
  return relay;
}

async function authed(relay: TestRelay, sk = generateSecretKey()): Promise<RawClient> {
  const client = await RawClient.connect(relay.url);
  expect((await client.auth(sk))[2]).toBe(true);
  return client;
}

const EVENT_FAMILIES = [
  'buzz_events_received_total',
  'buzz_events_stored_total',
  'buzz_events_rejected_total',
  'buzz_event_processing_seconds',
  'buzz_fanout_recipients',
];

describe('lazy families', () => {
  it('§2.1 a fresh relay shows no family at all: every one appears with its first sample', async () => {
    const relay = await fresh();
    expect(await relay.scrape()).toBe('');
  });
});

describe('connections', () => {
  it('§2.3 a connection moves connections_total and active (+1 then back to 0, still listed), nothing else', async () => {
    const relay = await fresh();
    const client = await RawClient.connect(relay.url);
    await client.challenge();
    let body = await relay.scrape();
    expect(metricValue(body, 'buzz_ws_connections_total')).toBe(1);
    expect(metricValue(body, 'buzz_ws_connections_active')).toBe(1);
    for (const family of [...EVENT_FAMILIES, 'buzz_subscriptions_active', 'buzz_auth_attempts_total']) {
      expect(hasFamily(body, family)).toBe(false);
    }
    client.close();
    body = await scrapeUntil(relay.scrape, (b) => metricValue(b, 'buzz_ws_connections_active') === 0);
    expect(metricValue(body, 'buzz_ws_connections_total')).toBe(1);
    expect(metricValue(body, 'http_requests_total{code="101",caller="unknown",action="/"}')).toBe(1);
  });

  it('§2.3 subscriptions_active: +1 per REQ, replacing an id nets 0, −1 on CLOSE, −N when the connection goes', async () => {
    const relay = await fresh();
    const client = await authed(relay);
    expect(hasFamily(await relay.scrape(), 'buzz_subscriptions_active')).toBe(false);
    await client.query('a', { kinds: [1] });
    await client.query('b', { kinds: [1] });
    await client.query('a', { kinds: [2] });
    expect(metricValue(await relay.scrape(), 'buzz_subscriptions_active')).toBe(2);
    client.send(['CLOSE', 'a']);
    client.send(['CLOSE', 'never-opened']);
    await client.query('c', { kinds: [1] });
    expect(metricValue(await relay.scrape(), 'buzz_subscriptions_active')).toBe(2);
    client.close();
    await scrapeUntil(relay.scrape, (b) => metricValue(b, 'buzz_subscriptions_active') === 0);
  });

  it('§2.3 a client that stops reading is dropped after the grace limit: backpressure_disconnects_total', async () => {
    const relay = await fresh({ BUZZ_SEND_BUFFER: '2', BUZZ_SLOW_CLIENT_GRACE_LIMIT: '3' });
    const sk = generateSecretKey();
    const slow = await authed(relay);
    await slow.query('flood', { kinds: [20000], authors: [getPublicKey(sk)] });
    // Stop reading: the kernel buffers fill, then the relay's writes stop completing.
    (slow.socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const publisher = await authed(relay, sk);
    expect(hasFamily(await relay.scrape(), 'buzz_ws_backpressure_disconnects_total')).toBe(false);
    const content = 'x'.repeat(400_000);
    let sent = 0;
    await scrapeUntil(
      async () => {
        if (sent < 200) {
          await publisher.publish(signed(sk, { kind: 20000, content }));
          sent++;
        }
        return relay.scrape();
      },
      (b) => metricValue(b, 'buzz_ws_backpressure_disconnects_total') === 1,
      20_000,
    );
    expect(publisher.isOpen).toBe(true);
    publisher.close();
  }, 30_000);
});

describe('events', () => {
  it('§2.3 received{kind} before the auth check, rejected{reason}, stored{kind} with duplicates, processing seconds, fan-out recipients', async () => {
    const relay = await fresh();
    const sk = generateSecretKey();
    const anonymous = await RawClient.connect(relay.url);
    await anonymous.publish(signed(sk, { kind: 1 }));
    let body = await relay.scrape();
    expect(metricValue(body, 'buzz_events_received_total{kind="1"}')).toBe(1);
    expect(metricValue(body, 'buzz_events_rejected_total{reason="auth"}')).toBe(1);
    expect(hasFamily(body, 'buzz_events_stored_total')).toBe(false);
    expect(hasFamily(body, 'buzz_event_processing_seconds')).toBe(false);

    const client = await authed(relay, sk);
    const listener = await authed(relay);
    await listener.query('one', { kinds: [1] });
    await listener.query('two', { authors: [getPublicKey(sk)] });
    const event = signed(sk, { kind: 1 });
    await client.publish(event);
    await client.publish(event);
    const bad = signed(sk, { kind: 1 });
    await client.publish({ ...bad, content: 'tampered' });
    await client.publish(signed(sk, { kind: 12345 }));
    await client.publish(signed(sk, { kind: 20000 }));
    body = await relay.scrape();
    expect(metricValue(body, 'buzz_events_received_total{kind="1"}')).toBe(4);
    expect(metricValue(body, 'buzz_events_received_total{kind="other"}')).toBe(1);
    expect(metricValue(body, 'buzz_events_received_total{kind="20000"}')).toBe(1);
    // The duplicate answers OK true "duplicate:", which buzz counts as stored.
    expect(metricValue(body, 'buzz_events_stored_total{kind="1"}')).toBe(2);
    expect(metricValue(body, 'buzz_events_stored_total{kind="other"}')).toBeUndefined();
    expect(metricValue(body, 'buzz_events_stored_total{kind="20000"}')).toBeUndefined();
    // The tampered event and the unknown kind 12345.
    expect(metricValue(body, 'buzz_events_rejected_total{reason="invalid"}')).toBe(2);
    // Kind 1 and its duplicate; not the rejected or the ephemeral ones.
    expect(metricValue(body, 'buzz_event_processing_seconds_count')).toBe(2);
    // Local fan-outs: kind 1 to two subscriptions (its duplicate to none), 20000 to one (authors).
    expect(metricValue(body, 'buzz_fanout_recipients_count')).toBe(2);
    expect(metricValue(body, 'buzz_fanout_recipients_sum')).toBe(3);
    for (const c of [anonymous, client, listener]) c.close();
  });
});

describe('auth', () => {
  it('§2.3 auth attempts{method="nip42"} only while pending; failures{reason="nip42_invalid"}', async () => {
    const relay = await fresh();
    const sk = generateSecretKey();
    const good = await authed(relay, sk);
    await good.auth(sk);
    const bad = await RawClient.connect(relay.url);
    await bad.auth(sk, 'ws://other.test');
    await bad.auth(sk);
    const body = await relay.scrape();
    expect(metricValue(body, 'buzz_auth_attempts_total{method="nip42"}')).toBe(2);
    expect(metricValue(body, 'buzz_auth_failures_total{reason="nip42_invalid"}')).toBe(1);
    expect(hasFamily(body, 'buzz_ws_auth_timeouts_total')).toBe(false);
    good.close();
    bad.close();
  });
});
