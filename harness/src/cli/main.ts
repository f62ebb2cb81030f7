import { rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CLAUSES } from '../clauses/catalogue.ts';
import { AdapterError, RelayLaunchError } from '../relay-under-test/adapter-error.ts';
import { loadAdapter } from '../relay-under-test/load-adapter.ts';
import { startServices } from '../services/start-services.ts';
import { ServicesError, type StartedServices } from '../services/types.ts';
import { DEFAULT_ADAPTER, REPO_ROOT } from '../test-run/suite-env.ts';
import { BaselineError, readBaseline } from './baseline.ts';
import { gatePasses } from './clause-result.ts';
import { renderClauseList } from './list-clauses.ts';
import { HELP, parseArgs, type RunArgs, UsageError } from './parse-args.ts';
import { preflightRelay } from './preflight.ts';
import { SUITE_VERSION } from './provenance.ts';
import { renderAnnotations } from './reporters/github-annotations.ts';
import { renderTerminal } from './reporters/terminal.ts';
import { plural } from './reporters/text.ts';
import { wantsColor } from './reporters/want-color.ts';
import { writeReports } from './reporters/write-reports.ts';
import { runSuite } from './run-suite.ts';
import { SelectionError, selectClauses } from './select-clauses.ts';

export interface Io {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number; hasColors?: () => boolean };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Exit status, as --help states it: the relay's verdict (0, 1) apart from a run that could not start (2) and our bugs (3). */
export const EXIT = { pass: 0, fail: 1, cannotStart: 2, internal: 3 } as const;

export async function main(argv: readonly string[], io: Io): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const complain = (text: string) => io.stderr.write(`buzz-compat: ${text}\n`);
  try {
    const args = parseArgs(argv);
    switch (args.command) {
      case 'help':
        say(HELP);
        return EXIT.pass;
      case 'version':
        say(SUITE_VERSION);
        return EXIT.pass;
      case 'list':
        io.stdout.write(renderClauseList(CLAUSES, args.json));
        return EXIT.pass;
      case 'run':
        return await run(args, io, say);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof SelectionError ||
      error instanceof AdapterError ||
      error instanceof BaselineError
    ) {
      complain(error.message);
      return EXIT.cannotStart;
    }
    if (error instanceof RelayLaunchError) {
      complain(`the relay could not be started, so no clause was checked.\n${error.message}`);
      return EXIT.cannotStart;
    }
    if (error instanceof ServicesError) {
      complain(error.message);
      return EXIT.cannotStart;
    }
    complain(
      `internal error (a bug in buzz-compat ${SUITE_VERSION}, not a verdict on the relay); please report it with this output:\n${(error as Error).stack ?? String(error)}`,
    );
    return EXIT.internal;
  }
}

async function run(args: RunArgs, io: Io, say: (text: string) => void): Promise<number> {
  if (args.updateGoldens && io.env.CI === 'true') {
    throw new UsageError(
      '--update-goldens is refused when CI=true: goldens are rewritten locally and reviewed (docs/updating-goldens.md)',
    );
  }
  const adapterPath = args.relay === null ? DEFAULT_ADAPTER : resolve(io.cwd, args.relay);
  const adapter = await loadAdapter(adapterPath);
  const clauses = selectClauses(args.profile, args.only);
  const baseline = args.expectFail === null ? null : await readBaseline(resolve(io.cwd, args.expectFail), CLAUSES);
  say(
    `buzz-compat: checking relay "${adapter.name}" (${shortPath(io.cwd, adapter.file)}), profile ${args.profile}, ${plural(clauses.length, 'clause')}`,
  );

  const outDir = resolve(io.cwd, args.outDir);
  // evidence belongs to one run: what an earlier run saved would be read as this one's
  const evidenceDir = join(outDir, 'evidence');
  await rm(evidenceDir, { recursive: true, force: true });

  const services = await startServices(io.env);
  try {
    say(`services: ${services.endpoints.mode}`);
    await preflightRelay(adapter, services.endpoints);
    say('relay starts and becomes ready: running the suite');
    const { results, context } = await runSuite({
      adapterPath: adapter.file,
      adapterName: adapter.name,
      profile: args.profile,
      clauses,
      updateGoldens: args.updateGoldens,
      baseline,
      evidenceDir,
      env: reuseServices(services),
      write: say,
    });
    io.stdout.write(
      `\n${renderTerminal(results, context, {
        color: wantsColor(io.env, io.stdout),
        width: io.stdout.columns ?? 140,
        cwd: io.cwd,
      })}`,
    );
    for (const path of await writeReports(args.reports, outDir, results, context)) {
      say(`report: ${shortPath(io.cwd, path)}`);
    }
    if (io.env.GITHUB_ACTIONS === 'true')
      io.stdout.write(renderAnnotations(results, context, { suiteRoot: REPO_ROOT, cwd: io.cwd }));
    return gatePasses(results, context) ? EXIT.pass : EXIT.fail;
  } finally {
    await services.stop();
  }
}

function shortPath(cwd: string, path: string): string {
  const short = relative(cwd, path);
  return short === '' || short.startsWith('..') ? path : short;
}

/** The test workers use the services this process started (external mode), instead of starting their own. */
function reuseServices(services: StartedServices): Record<string, string> {
  return {
    BUZZ_COMPAT_SERVICES: 'external',
    BUZZ_COMPAT_DATABASE_URL: services.endpoints.databaseUrl,
    BUZZ_COMPAT_REDIS_URL: services.endpoints.redisUrl,
    BUZZ_COMPAT_S3_URL: services.endpoints.objectStore.url,
    BUZZ_COMPAT_S3_ACCESS_KEY: services.endpoints.objectStore.accessKey,
    BUZZ_COMPAT_S3_SECRET_KEY: services.endpoints.objectStore.secretKey,
  };
}
