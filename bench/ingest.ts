import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { oneOf, positive, positiveInteger, readOptions, runScript, wholeNumber } from './lib/cli.ts';
import { describeCpuProfiles } from './lib/cpu-profile.ts';
import { describeShares, foreignWarning } from './lib/cpu-usage.ts';
import { measureIngest } from './lib/ingest-session.ts';
import { REPO_ROOT } from './lib/relay-process.ts';
import { machineLine, printResult } from './lib/report.ts';
import { countStored } from './lib/services.ts';
import { ms, summarize } from './lib/stats.ts';
import { openTarget, TARGET_KINDS } from './lib/target.ts';

// Ingest throughput: 8 authenticated connections publish pre-signed kind-1 events, 16 in flight each, and the
// figure is accepted events per second. Target: ≥ 1758 events/s (2× nostream's 879 on this machine).

runScript(async () => {
  const options = readOptions('node bench/ingest.ts [options]', {
    events: { default: '20000', help: 'measured events, over all connections' },
    seconds: { default: '120', help: 'stop sending after this long even if events remain' },
    connections: { default: '8', help: 'publishing connections' },
    window: { default: '16', help: 'EVENTs in flight per connection' },
    warmup: { default: '1000', help: 'events sent first and not counted (JIT, pools)' },
    'quiet-wait': {
      default: '60',
      help: 'wait up to this many seconds for an idle machine before measuring (0: no wait)',
    },
    target: { default: 'relay', help: 'relay (the reference relay) or echo (measures the generator itself)' },
    'cpu-prof': { default: 'no', help: 'yes: run the relay under node --cpu-prof and print its top 10 self times' },
  });
  const target = oneOf(options, 'target', TARGET_KINDS);
  const profile = oneOf(options, 'cpu-prof', ['yes', 'no'] as const) === 'yes';
  if (profile && target !== 'relay') throw new Error('--cpu-prof=yes profiles the relay; use it with --target=relay');
  const profileDir = profile ? mkdtempSync(join(tmpdir(), 'buzz-bench-prof-')) : undefined;
  const opened = await openTarget(target, profileDir === undefined ? {} : { cpuProfileDir: profileDir });
  try {
    const result = await measureIngest({
      url: opened.url,
      relayUrl: opened.relayUrl,
      connections: positiveInteger(options, 'connections'),
      events: positiveInteger(options, 'events'),
      window: positiveInteger(options, 'window'),
      maxSeconds: positive(options, 'seconds'),
      warmup: wholeNumber(options, 'warmup'),
      targetPid: opened.pid,
      quietWaitSeconds: wholeNumber(options, 'quiet-wait'),
    });
    const latency = summarize(result.latenciesMs);
    const stored =
      opened.databaseUrl === undefined ? undefined : await countStored(opened.databaseUrl, result.acceptedIds);
    const lines = [
      machineLine(result.quiet),
      `target      ${opened.description}`,
      `events      ${result.sent} sent, ${result.accepted} OK true, ${result.refusedCount} refused or duplicate`,
      `elapsed     ${(result.elapsedMs / 1000).toFixed(2)} s`,
      `throughput  ${result.eventsPerSecond.toFixed(0)} events/s (target ≥ 1758)`,
      `CPU         ${describeShares(result.cpu, opened.kind)} (during the measured run)`,
      ...(result.targetCpuPerEventUs === undefined
        ? []
        : [`CPU/event   ${result.targetCpuPerEventUs.toFixed(0)} µs of ${opened.kind} CPU per event`]),
      ...foreignWarning(result.cpu),
      `OK latency  p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`,
      stored === undefined
        ? 'stored      not checked (echo relay stores nothing)'
        : `stored      ${stored} of ${result.accepted} accepted ids found in the events table`,
    ];
    for (const [id, message] of result.refused) lines.push(`refused     ${id}: ${message}`);
    printResult(lines);
    const failures: string[] = [];
    if (result.refusedCount > 0)
      failures.push(`${result.refusedCount} EVENTs were not answered OK true with an empty message`);
    if (result.sent < positiveInteger(options, 'events'))
      failures.push(`only ${result.sent} events were sent before --seconds ran out`);
    if (stored !== undefined && stored !== result.accepted)
      failures.push(`${result.accepted - stored} accepted events are not stored`);
    if (profileDir !== undefined) {
      const code = await opened.close();
      if (code !== 0) failures.push(`the relay exited with code ${code}`);
      printResult(
        describeCpuProfiles(profileDir, REPO_ROOT, 'relay CPU profile (whole process life: start-up, warm-up, run)'),
      );
    }
    if (failures.length > 0) throw new Error(`ingest run invalid: ${failures.join('; ')}`);
  } finally {
    await opened.close();
    if (profileDir !== undefined) rmSync(profileDir, { recursive: true, force: true });
  }
});
