import { availableParallelism } from 'node:os';

// Output of the bench scripts: results on stdout, one aligned "label  value" line each; progress on stderr.

export function printResult(lines: readonly string[]): void {
  process.stdout.write(`${lines.join('\n')}\n`);
}

export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** Cores, and what the wait for a quiet machine found: relay, services and generator share these cores. */
export function machineLine(quiet: string): string {
  return `machine     ${availableParallelism()} cores; ${quiet}`;
}
