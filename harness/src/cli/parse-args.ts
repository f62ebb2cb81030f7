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
}

export type ParsedArgs = RunArgs | { readonly command: 'help' };

export class UsageError extends Error {
  override name = 'UsageError';
}

export const HELP = `buzz-compat: check a relay against the buzz-relay observability contract (v1)

Usage:
  buzz-compat run [options]
  buzz-compat --help

Options for run:
  --relay <adapter.json>     the relay to check, described by an adapter file
                             (default: adapters/reference.json, the reference relay)
  --profile buzz|otel-spec   service.name precedence to assert (default: buzz; CONTRACT §3.2)
  --only <clauses>           check only these clauses: ids, prefixes or sections, comma-separated
                             (e.g. --only metrics.buckets,spans.*,§3.2); may be repeated
  --report junit|json|md     also write a JUnit XML, JSON lines or Markdown report; may be repeated
  --out <dir>                where reports go (default: reports)
  --update-goldens           rewrite the golden files from this run and print what changed (never on CI)
  -h, --help                 show this help

Exit status: 0 when every required clause passes, 1 when one fails or is untested, 2 when the run could not start.
Docs: docs/check-your-relay.md, docs/updating-goldens.md; the contract: CONTRACT.md.`;

/** Parses argv (without node and the script); throws UsageError with a message that says what to do. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') {
    return { command: 'help' };
  }
  const [command, ...rest] = argv;
  if (command !== 'run') throw new UsageError(`unknown command "${command}": the only command is "run" (see --help)`);

  let relay: string | null = null;
  let profile: Profile = 'buzz';
  const only: string[] = [];
  const reports: ReportFormat[] = [];
  let outDir = 'reports';
  let updateGoldens = false;

  for (let index = 0; index < rest.length; index++) {
    const [flag, inline] = splitInline(rest[index]!);
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[++index];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value (see --help)`);
      return next;
    };
    switch (flag) {
      case '--relay':
        relay = value();
        break;
      case '--profile': {
        const given = value();
        if (given !== 'buzz' && given !== 'otel-spec') {
          throw new UsageError(`--profile ${given}: expected buzz or otel-spec`);
        }
        profile = given;
        break;
      }
      case '--only':
        only.push(...splitList(value()));
        break;
      case '--report':
        for (const format of splitList(value())) {
          if (!FORMATS.includes(format as ReportFormat)) {
            throw new UsageError(`--report ${format}: expected one of ${FORMATS.join(', ')}`);
          }
          if (!reports.includes(format as ReportFormat)) reports.push(format as ReportFormat);
        }
        break;
      case '--out':
        outDir = value();
        break;
      case '--update-goldens':
        if (inline !== undefined) throw new UsageError('--update-goldens takes no value');
        updateGoldens = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag} (see --help)`);
    }
  }
  return { command: 'run', relay, profile, only, reports, outDir, updateGoldens };
}

function splitInline(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return arg.startsWith('--') && at > 0 ? [arg.slice(0, at), arg.slice(at + 1)] : [arg, undefined];
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}
