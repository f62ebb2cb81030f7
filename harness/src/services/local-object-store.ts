import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, stopServerOnce } from './child-process.ts';
import { guardDirectory, guardProcess } from './emergency-cleanup.ts';
import { freeLoopbackPort } from './free-port.ts';
import { waitForObjectStore } from './readiness.ts';
import { type ObjectStoreEndpoint, ServicesError } from './types.ts';
import { findVersitygw, SUITE_STORE_CREDENTIALS, versitygwArgs, versitygwEnv } from './versitygw.ts';

export interface LocalObjectStore {
  readonly endpoint: ObjectStoreEndpoint;
  readonly pid: number;
  /** Where its buckets live. */
  readonly dataDir: string;
  /** SIGTERM, then SIGKILL after 10 s; removes its data directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * versitygw as a child process on a free loopback port, its buckets in a temporary directory that is removed on
 * stop. Killed with the harness if the harness is interrupted before stop().
 */
export async function startLocalObjectStore(env: NodeJS.ProcessEnv = process.env): Promise<LocalObjectStore> {
  const binary = findVersitygw(env);
  if (!('path' in binary)) throw new ServicesError(`a local object store needs versitygw: ${binary.missing}.`);
  const dir = mkdtempSync(join(tmpdir(), 'buzz-compat-s3-'));
  const releaseDir = guardDirectory(dir);
  const port = await freeLoopbackPort();
  // Only the root account's variables: versitygw reads many VGW_* settings that a developer's shell must not change.
  const child = spawn(binary.path, versitygwArgs(`127.0.0.1:${port}`, dir), {
    cwd: dir,
    env: versitygwEnv(SUITE_STORE_CREDENTIALS),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const releasePid = child.pid ? guardProcess(child.pid) : () => {};
  let spawnError: Error | undefined;
  child.once('error', (error) => {
    spawnError = error;
  });
  const captured = captureOutput(child);
  const output = () => (spawnError ? `${binary.path}: ${spawnError.message}` : captured());
  const stop = stopServerOnce(child, { releasePid, dir, releaseDir });
  const endpoint = { url: `http://127.0.0.1:${port}`, ...SUITE_STORE_CREDENTIALS };
  try {
    await waitForObjectStore(endpoint, 15_000, () => child.exitCode !== null || spawnError !== undefined, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, pid: child.pid!, dataDir: dir, stop };
}
