import { runFuzzSession } from '../relay/test/fuzz/fuzz-session.ts';
import { FAMILIES, hostileRecipes } from '../relay/test/fuzz/hostile-frames.ts';
import { judgeStoredRows, labelSetViolations } from '../relay/test/fuzz/verdicts.ts';
import { positiveInteger, readOptions, runScript, wholeNumber } from './lib/cli.ts';
import { startRelayProcess } from './lib/relay-process.ts';
import { printResult, progress } from './lib/report.ts';
import { startBenchServices } from './lib/services.ts';

// The relay's fuzz test at scale: the seeded hostile-frame generator of relay/test/fuzz (every family, deep
// nesting and extra fields included) against the reference relay as a process. It reports crashes (the process
// gone, or failures it counted on /_status), stored rows that differ from their signed NIP-01 form, and label
// values outside the contract's sets; any of them makes the run exit 1.

runScript(async () => {
  const options = readOptions('node bench/fuzz-relay.ts [options]', {
    frames: { default: '10000', help: 'hostile frames to send' },
    seed: { default: '20261203', help: 'generator seed (the same seed gives the same frames)' },
    wave: { default: '40', help: 'frames sent together before every connection used is probed' },
    'max-frame-bytes': { default: '65536', help: 'BUZZ_MAX_FRAME_BYTES of the relay (buzz: 65536)' },
  });
  const frames = positiveInteger(options, 'frames');
  const seed = wholeNumber(options, 'seed');
  const maxFrameBytes = positiveInteger(options, 'max-frame-bytes');
  const services = await startBenchServices();
  try {
    const database = await services.freshDatabase('fuzz');
    const relay = await startRelayProcess({
      databaseUrl: database.url,
      redisUrl: services.redisUrl,
      env: { BUZZ_MAX_FRAME_BYTES: String(maxFrameBytes), BUZZ_LOG_LEVEL: 'warn' },
    });
    const recipes = hostileRecipes(seed, frames);
    progress(`fuzz: ${frames} frames, seed ${seed}, ${FAMILIES.length} families, relay pid ${relay.pid}`);
    let reported = 0;
    let session: Awaited<ReturnType<typeof runFuzzSession>> | undefined;
    let sessionError: unknown;
    try {
      session = await runFuzzSession(recipes, {
        url: relay.url,
        relayUrl: relay.relayUrl,
        maxFrameBytes,
        seed,
        wave: positiveInteger(options, 'wave'),
        onProgress: (sent) => {
          if (sent - reported < 1000) return;
          reported = sent;
          progress(`fuzz: ${sent} frames sent`);
        },
      });
    } catch (error) {
      sessionError = error;
    }
    const alive = !relay.child.exited();
    const failures = alive
      ? ((await (await fetch(`${relay.healthUrl}/_status`)).json()) as { failures: Record<string, number> }).failures
      : undefined;
    const violations = alive ? labelSetViolations(await (await fetch(relay.metricsUrl)).text()) : [];
    const exitCode = await relay.stop();
    const stored = await judgeStoredRows(database.url);
    const failureCount = failures === undefined ? 0 : Object.values(failures).reduce((sum, n) => sum + n, 0);
    const crashes = (alive ? 0 : 1) + failureCount;
    const lines = [
      `frames      ${session?.sent ?? 0} of ${frames} sent (seed ${seed}) in ${((session?.elapsedMs ?? 0) / 1000).toFixed(1)} s`,
      `families    ${Object.entries(session?.byFamily ?? {})
        .map(([family, n]) => `${family} ${n}`)
        .join(', ')}`,
      `replies     ${JSON.stringify(session?.replies ?? {})}; ${session?.malformedReplies.length ?? 0} malformed`,
      `connections ${session?.connectionsOpened ?? 0} opened`,
      `crashes     ${crashes} (process ${alive ? 'alive' : 'gone'} at the end, exit code ${exitCode} after SIGTERM; ` +
        `failures counted ${JSON.stringify(failures ?? {})})`,
      `rows        ${stored.rows} stored, ${stored.differing.length} differ from their signed NIP-01 form`,
      `labels      ${violations.length} series outside the contract's label sets`,
    ];
    for (const { id, problem, raw } of stored.differing.slice(0, 20))
      lines.push(`differs     ${id}: ${problem}: ${raw}`);
    for (const line of violations.slice(0, 20)) lines.push(`label       ${line}`);
    for (const reply of session?.malformedReplies.slice(0, 20) ?? []) lines.push(`malformed   ${reply}`);
    printResult(lines);
    const problems: string[] = [];
    if (sessionError !== undefined) problems.push(`the session stopped: ${(sessionError as Error).message}`);
    if (crashes > 0) problems.push(`${crashes} crashes`);
    if (exitCode !== 0) problems.push(`the relay exited with code ${exitCode}`);
    if (stored.differing.length > 0) problems.push(`${stored.differing.length} stored rows differ`);
    if (violations.length > 0) problems.push(`${violations.length} label values outside the contract`);
    if ((session?.malformedReplies.length ?? 0) > 0) problems.push('malformed replies');
    if (problems.length > 0) throw new Error(problems.join('; '));
  } finally {
    await services.stop();
  }
});
