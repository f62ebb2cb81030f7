import { randomBytes } from 'node:crypto';
import { generateSecretKey } from 'nostr-tools/pure';
import { bytesToHex } from 'nostr-tools/utils';
import { oneOf, positive, positiveInteger, readOptions, runScript, wholeNumber } from './lib/cli.ts';
import { type BenchClient, connectAuthenticated } from './lib/client.ts';
import { cpuShares, cpuSnapshot, describeShares, foreignWarning } from './lib/cpu-usage.ts';
import { runFanout } from './lib/fanout-run.ts';
import { presign } from './lib/presign.ts';
import { waitForQuietMachine } from './lib/quiet.ts';
import { machineLine, printResult, progress } from './lib/report.ts';
import { ms, summarize } from './lib/stats.ts';
import { openTarget, TARGET_KINDS } from './lib/target.ts';

// Fan-out latency: 50 subscribers hold REQ {kinds:[1]}; one publisher sends 100 kind-1 events per second for 10 s.
// Latency is publisher send → subscriber receive. Target: p99 ≤ 9.2 ms (nostream's p99 on this machine).

const SUB_ID = 'bench-fanout';
const DRAIN_MS = 10_000;

async function subscribe(client: BenchClient): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no EOSE for the REQ within 10 s')), 10_000);
    client.onFrame((text) => {
      const frame = JSON.parse(text) as unknown[];
      if (frame[1] !== SUB_ID) return;
      clearTimeout(timer);
      if (frame[0] === 'EOSE') resolve();
      else if (frame[0] === 'CLOSED' || frame[0] === 'NOTICE') reject(new Error(`REQ refused: ${text}`));
    });
    client.ws.send(JSON.stringify(['REQ', SUB_ID, { kinds: [1] }]));
  });
}

runScript(async () => {
  const options = readOptions('node bench/fanout.ts [options]', {
    subscribers: { default: '50', help: 'subscriber connections, each with REQ {kinds:[1]}' },
    rate: { default: '100', help: 'events per second from the publisher (paced, open loop)' },
    seconds: { default: '10', help: 'measured publishing time' },
    'warmup-seconds': { default: '2', help: 'publishing at the same rate first, not counted' },
    'quiet-wait': {
      default: '60',
      help: 'wait up to this many seconds for an idle machine before measuring (0: no wait)',
    },
    target: { default: 'relay', help: 'relay (the reference relay) or echo (measures the generator itself)' },
  });
  const target = oneOf(options, 'target', TARGET_KINDS);
  const subscriberCount = positiveInteger(options, 'subscribers');
  const rate = positive(options, 'rate');
  const count = Math.round(rate * positive(options, 'seconds'));
  const warmupCount = Math.round(rate * Number(options['warmup-seconds']));
  const runId = randomBytes(6).toString('hex');
  const publisherKey = generateSecretKey();
  const [load, warmup] = await presign([
    { secretKeyHex: bytesToHex(publisherKey), count, kind: 1, contentPrefix: `bench fanout ${runId}` },
    {
      secretKeyHex: bytesToHex(publisherKey),
      count: warmupCount,
      kind: 1,
      contentPrefix: `bench fanout warm-up ${runId}`,
    },
  ]);
  const opened = await openTarget(target);
  const clients: BenchClient[] = [];
  try {
    const publisher = await connectAuthenticated(opened.url, opened.relayUrl, publisherKey);
    clients.push(publisher);
    const subscribers: BenchClient[] = [];
    for (let index = 0; index < subscriberCount; index++) {
      const subscriber = await connectAuthenticated(opened.url, opened.relayUrl, generateSecretKey());
      clients.push(subscriber);
      await subscribe(subscriber);
      subscribers.push(subscriber);
    }
    const quiet = await waitForQuietMachine(wholeNumber(options, 'quiet-wait'));
    progress(quiet);
    if (warmupCount > 0) {
      const warm = await runFanout({
        publisher,
        subscribers,
        subId: SUB_ID,
        load: warmup!,
        ratePerSecond: rate,
        drainMs: DRAIN_MS,
      });
      progress(`warm-up: ${warm.sent} events, ${warm.delivered}/${warm.expected} deliveries (not counted)`);
    }
    const before = cpuSnapshot(opened.pid);
    const result = await runFanout({
      publisher,
      subscribers,
      subId: SUB_ID,
      load: load!,
      ratePerSecond: rate,
      drainMs: DRAIN_MS,
    });
    const cpu = cpuShares(before, cpuSnapshot(opened.pid));
    const latency = summarize(result.latenciesMs);
    printResult([
      machineLine(quiet),
      `target      ${opened.description}`,
      `offered     ${result.sent} events at ${result.sendRate.toFixed(1)} events/s to ${subscriberCount} subscribers (worst send lag ${ms(result.maxSendLagMs)})`,
      `CPU         ${describeShares(cpu, opened.kind)} (during the measured run, drain included)`,
      ...foreignWarning(cpu),
      `OKs         ${result.okTrue} true, ${result.okOther} other`,
      `deliveries  ${result.delivered} of ${result.expected} (${subscriberCount} × ${result.sent})`,
      `latency     p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)} (target ≤ 9.2 ms), max ${ms(latency.max)}`,
    ]);
    const failures: string[] = [];
    if (result.delivered !== result.expected) failures.push(`${result.expected - result.delivered} deliveries missing`);
    if (result.okTrue !== result.sent) failures.push(`${result.sent - result.okTrue} EVENTs not answered OK true`);
    if (failures.length > 0) throw new Error(`fan-out run invalid: ${failures.join('; ')}`);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
    await opened.close();
  }
});
