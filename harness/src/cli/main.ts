import { relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { AdapterError, RelayLaunchError } from '../relay-under-test/adapter-error.ts';
import { loadAdapter } from '../relay-under-test/load-adapter.ts';
import { startServices } from '../services/start-services.ts';
import { ServicesError, type StartedServices } from '../services/types.ts';
import { gatePasses } from './clause-result.ts';
import { HELP, parseArgs, type RunArgs, UsageError } from './parse-args.ts';
import { preflightRelay } from './preflight.ts';
import { renderTerminal } from './reporters/terminal.ts';
import { plural } from './reporters/text.ts';
import { writeReports } from './reporters/write-reports.ts';
import { runSuite } from './run-suite.ts';
import { SelectionError, selectClauses } from './select-clauses.ts';
import { DEFAULT_ADAPTER } from './suite-env.ts';

export interface Io {
  readonly stdout: Writable & { isTTY?: boolean; columns?: number };
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Exit status: 0 every required clause passes, 1 one does not (or the run had errors), 2 the run could not start. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const complain = (text: string) => io.stderr.write(`buzz-compat: ${text}\n`);
  try {
    const args = parseArgs(argv);
    if (args.command === 'help') {
      say(HELP);
      return 0;
    }
    return await run(args, io, say);
  } catch (error) {
    if (error instanceof UsageError || error instanceof SelectionError || error instanceof AdapterError) {
      complain(error.message);
      return 2;
    }
    if (error instanceof RelayLaunchError) {
      complain(`the relay could not be started, so no clause was checked.\n${error.message}`);
      return 2;
    }
    if (error instanceof ServicesError) {
      complain(error.message);
      return 2;
    }
    throw error;
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
  say(
    `buzz-compat: checking relay "${adapter.name}" (${shortPath(io.cwd, adapter.file)}), profile ${args.profile}, ${plural(clauses.length, 'clause')}`,
  );

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
      only: args.only.length > 0,
      updateGoldens: args.updateGoldens,
      env: reuseServices(services),
      write: say,
    });
    io.stdout.write(
      `\n${renderTerminal(results, context, { color: io.stdout.isTTY === true, width: io.stdout.columns ?? 140 })}`,
    );
    for (const path of await writeReports(args.reports, resolve(io.cwd, args.outDir), results, context)) {
      say(`report: ${shortPath(io.cwd, path)}`);
    }
    return gatePasses(results, context) ? 0 : 1;
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
