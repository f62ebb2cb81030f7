// Runs the oracle binary. One-shot modes get their input on stdin and answer one JSON value on stdout; the
// exposition mode stays up and answers one line per line, so a property test can ask thousands of times.
import { type ChildProcessWithoutNullStreams, execFile, spawn } from 'node:child_process';
import { inject } from 'vitest';
import type { OracleAvailability } from './availability.ts';

export type OneShotMode = 'resource' | 'spans' | 'exporter-build';

/** Only the variables given: the oracle sees no RUST_LOG, OTEL_* or proxy settings of the machine. */
export type OracleEnv = Readonly<Record<string, string | undefined>>;

export function oracleAvailability(): OracleAvailability {
  return inject('oracle');
}

function readyBinary(): string {
  const availability = oracleAvailability();
  if (availability.state !== 'ready') throw new Error(`the oracle is not available: ${availability.reason}`);
  return availability.binary;
}

function definedOnly(env: OracleEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function runOracle(mode: OneShotMode, env: OracleEnv = {}, input = ''): Promise<unknown> {
  const binary = readyBinary();
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = execFile(binary, [mode], { env: definedOnly(env), timeout: 60_000 }, (error, out, err) => {
      if (error) reject(new Error(`oracle ${mode} failed: ${err.trim() || error.message}`));
      else resolve(out);
    });
    // A mode that needs no input may exit before reading it; its answer (or exit code) is what counts.
    child.stdin?.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin?.end(input);
  });
  try {
    return JSON.parse(stdout);
  } catch {
    throw new Error(`oracle ${mode} printed no JSON: ${JSON.stringify(stdout.slice(0, 500))}`);
  }
}

/** A running `exposition` oracle: render(opsJson) sends one line and resolves with the exporter's text. */
export class ExpositionOracle {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #waiting: ((line: string) => void)[] = [];
  #pending = '';
  #stderr = '';

  constructor() {
    this.#child = spawn(readyBinary(), ['exposition'], { env: {} });
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr = (this.#stderr + chunk).slice(-4000);
    });
    // Split on \n alone: readline would also split inside the JSON at U+2028 and U+2029, which serde_json
    // leaves unescaped.
    this.#child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.#pending += chunk;
      let end = this.#pending.indexOf('\n');
      while (end !== -1) {
        const line = this.#pending.slice(0, end);
        this.#pending = this.#pending.slice(end + 1);
        this.#waiting.shift()?.(line);
        end = this.#pending.indexOf('\n');
      }
    });
  }

  render(opsJson: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const onExit = () => reject(new Error(`the exposition oracle exited: ${this.#stderr.trim()}`));
      this.#child.once('exit', onExit);
      this.#waiting.push((line) => {
        this.#child.off('exit', onExit);
        resolve(JSON.parse(line) as string);
      });
      this.#child.stdin.write(`${opsJson}\n`);
    });
  }

  async close(): Promise<void> {
    this.#child.stdin.end();
    if (this.#child.exitCode === null) await new Promise((resolve) => this.#child.once('exit', resolve));
  }
}
