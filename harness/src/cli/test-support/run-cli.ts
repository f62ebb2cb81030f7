import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { inject } from 'vitest';

// Runs buzz-compat as a user does, as a child process, on the services of the vitest run around it.

export const REPO = resolve(import.meta.dirname, '../../../..');
const BIN = join(REPO, 'harness/bin/buzz-compat.ts');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `suiteInclude` is the vitest file glob the CLI runs (BUZZ_COMPAT_SUITE_INCLUDE). */
export function runCli(
  args: readonly string[],
  options: { readonly suiteInclude: string; readonly cwd?: string; readonly env?: Record<string, string> },
): Promise<CliRun> {
  return runProcess(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...servicesEnv(), BUZZ_COMPAT_SUITE_INCLUDE: options.suiteInclude, CI: '', ...options.env },
  });
}

/** The variables that hand a buzz-compat child the services of this vitest run (external mode). */
export function servicesEnv(): Record<string, string> {
  const services = inject('services');
  return {
    BUZZ_COMPAT_SERVICES: 'external',
    BUZZ_COMPAT_DATABASE_URL: services.databaseUrl,
    BUZZ_COMPAT_REDIS_URL: services.redisUrl,
    BUZZ_COMPAT_S3_URL: services.objectStore.url,
    BUZZ_COMPAT_S3_ACCESS_KEY: services.objectStore.accessKey,
    BUZZ_COMPAT_S3_SECRET_KEY: services.objectStore.secretKey,
  };
}

/** Runs `command` to its end with this process's environment plus `env`, collecting its output. */
export function runProcess(
  command: string,
  args: readonly string[],
  options: { readonly cwd: string; readonly env: Record<string, string> },
): Promise<CliRun> {
  // a child that runs vitest must not believe it is inside this one
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...inherited, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((done) => child.on('close', (code) => done({ code, stdout, stderr })));
}
