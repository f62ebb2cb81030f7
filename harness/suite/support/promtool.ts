import { spawn } from 'node:child_process';

// `promtool check metrics` (Prometheus' own parser and linter) on a scrape: an independent reading of the
// exposition. It exits 0 when clean, 3 when it only has lint warnings, 1 when the text does not parse; warnings and
// errors both go to stderr, one per line.

export type PromtoolResult =
  | { readonly available: false }
  | { readonly available: true; readonly exitCode: number | null; readonly output: readonly string[] };

const LINT_ONLY = 3;

export function runPromtoolCheck(body: string, timeoutMs = 10_000): Promise<PromtoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('promtool', ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') resolve({ available: false });
      else reject(error);
    });
    child.on('close', (exitCode) => {
      resolve({ available: true, exitCode, output: output.split('\n').filter((line) => line !== '') });
    });
    child.stdin.on('error', () => {
      // promtool may exit before reading all of stdin; its exit code and output tell what happened.
    });
    child.stdin.end(body);
  });
}

/** True when promtool parsed the text: clean, or lint warnings only. */
export function promtoolAccepted(result: PromtoolResult & { available: true }): boolean {
  return result.exitCode === 0 || result.exitCode === LINT_ONLY;
}
