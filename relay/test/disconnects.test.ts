import { generateSecretKey } from 'nostr-tools/pure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue, RawClient, scrapeUntil } from './raw-client.ts';
import { createTestServices, startTestRelay, type TestRelay, type TestServices } from './relay-fixture.ts';

let services: TestServices;
let relay: TestRelay;

beforeAll(async () => {
  services = await createTestServices('disconnects');
  relay = await startTestRelay(services);
});

afterAll(async () => {
  await relay?.stop();
  await services?.database.drop();
});

async function status(): Promise<{ connections: number; subscriptions: number }> {
  const response = await fetch(`http://127.0.0.1:${relay.relay.ports.health}/_status`);
  return (await response.json()) as { connections: number; subscriptions: number };
}

/** Authenticates, sends a REQ and cuts the connection at once, while the REQ waits on its access lookup. */
async function reqThenVanish(): Promise<void> {
  const client = await RawClient.connect(relay.url);
  await client.auth(generateSecretKey());
  client.send(['REQ', 'gone', { kinds: [1] }]);
  client.socket.terminate();
  await client.closed;
}

describe('subscriptions of connections that are gone', () => {
  it('§2.3 900 REQ-then-disconnect clients leave 0 subscriptions (gauge back to 0, registry empty)', async () => {
    const clients = 900;
    const together = 60;
    for (let done = 0; done < clients; done += together) {
      await Promise.all(Array.from({ length: Math.min(together, clients - done) }, reqThenVanish));
    }
    const body = await scrapeUntil(
      () => relay.scrape(),
      (text) =>
        metricValue(text, 'buzz_ws_connections_active') === 0 && metricValue(text, 'buzz_subscriptions_active') === 0,
      10_000,
    );
    expect(metricValue(body, 'buzz_ws_connections_total')).toBe(clients);
    // The handlers still in flight when the sockets went have all finished by now; nothing registers late.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await status()).toMatchObject({ connections: 0, subscriptions: 0 });
    expect(metricValue(await relay.scrape(), 'buzz_subscriptions_active')).toBe(0);
  }, 120_000);
});
