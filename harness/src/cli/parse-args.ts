import { parseArgs as parseArgv } from 'node:util';
import type { Profile } from '../clauses/catalogue.ts';

export type ReportFormat = 'junit' | 'json' | 'md';
const FORMATS: readonly ReportFormat[] = ['junit', 'json', 'md'];

export interface RunArgs {
  readonly command: 'run';
  /** As given; resolved against the current directory by the caller. Null means the reference relay. */
  readonly relay: string | null;
  readonly profile: Profile;
  readonly only: readonly string[];
  readonly reports: readonly ReportFormat[];
  readonly outDir: string;
  readonly updateGoldens: boolean;
  /** A known-failures file (baseline.ts), as given; null when there is none. */
  readonly expectFail: string | null;
}

export interface ListArgs {
  readonly command: 'list';
  readonly json: boolean;
}

export type ParsedArgs = RunArgs | ListArgs | { readonly command: 'help' } | { readonly command: 'version' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `buzz-compat: check a relay against the buzz relay's observability contract (docs/contract.md)

Usage:
  buzz-compat run [options]
  buzz-compat list [--json]
  buzz-compat --version
  buzz-compat --help

Options for run:
  --relay <adapter.json>     the relay to check, described by an adapter file
                             (default: adapters/reference.json, the reference relay)
  --profile buzz|otel-spec   service.name precedence to assert (default: buzz; contract §3.2)
  --only <clauses>           check only these clauses: ids, prefixes or sections, comma-separated
                             (e.g. --only metrics.buckets,spans.*,§3.2); may be repeated
  --expect-fail <file>       clauses the relay is known to fail today, one per line with its reason;
                             the run passes when exactly those fail (docs/check-your-relay.md)
  --report junit|json|md     also write a JUnit XML, JSON lines or Markdown report; may be repeated
  --out <dir>                where reports and the evidence of failures go (default: reports)
  --update-goldens           rewrite the golden files from this run and print what changed (never on CI)

list prints every clause: id, section, required or optional, profile, title (--json: one object per line).

Exit status: 0 the gate passes, 1 the relay fails it, 2 the run could not start (bad input, no services, a relay
that does not start), 3 an internal error of buzz-compat (please report it).
Docs: docs/check-your-relay.md, docs/updating-goldens.md; the contract: docs/contract.md.`;

const RUN_OPTIONS = {
  relay: { type: 'string' },
  profile: { type: 'string' },
  only: { type: 'string', multiple: true },
  'expect-fail': { type: 'string' },
  report: { type: 'string', multiple: true },
  out: { type: 'string' },
  'update-goldens': { type: 'boolean' },
} as const;

/** Parses argv (without node and the script); throws UsageError with a message that says what to do. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    return { command: 'help' };
  }
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') return { command: 'version' };
  const [command, ...rest] = argv;
  if (command === 'list') {
    const { values } = strictly(() => parseArgv({ args: rest, options: { json: { type: 'boolean' } } }));
    return { command: 'list', json: values.json === true };
  }
  if (command !== 'run') {
    throw new UsageError(`unknown command "${command}": the commands are run and list (see --help)`);
  }
  const { values } = strictly(() => parseArgv({ args: rest, options: RUN_OPTIONS }));
  return {
    command: 'run',
    relay: values.relay ?? null,
    profile: profileOf(values.profile ?? 'buzz'),
    only: (values.only ?? []).flatMap(splitList),
    reports: reportsOf((values.report ?? []).flatMap(splitList)),
    outDir: values.out ?? 'reports',
    updateGoldens: values['update-goldens'] === true,
    expectFail: values['expect-fail'] ?? null,
  };
}

function profileOf(given: string): Profile {
  if (given !== 'buzz' && given !== 'otel-spec') throw new UsageError(`--profile ${given}: expected buzz or otel-spec`);
  return given;
}

function reportsOf(given: readonly string[]): ReportFormat[] {
  const reports: ReportFormat[] = [];
  for (const format of given) {
    if (!FORMATS.includes(format as ReportFormat)) {
      throw new UsageError(`--report ${format}: expected one of ${FORMATS.join(', ')}`);
    }
    if (!reports.includes(format as ReportFormat)) reports.push(format as ReportFormat);
  }
  return reports;
}

/** node:util's errors name the problem in its own words; these say it in the CLI's, with the way out. */
function strictly<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`unknown option ${flag} (see --help)`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(
          /does not take an argument/.test(message) ? `${flag} takes no value` : `${flag} needs a value (see --help)`,
        );
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`unexpected argument ${message.match(/'([^']*)'/)?.[1] ?? ''} (see --help)`);
      default:
        throw error;
    }
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
