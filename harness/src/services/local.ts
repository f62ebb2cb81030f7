import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureOutput, onPath, stopChild, stopServerOnce } from './child-process.ts';
import { guardDirectory, guardProcess } from './emergency-cleanup.ts';
import { freeLoopbackPort } from './free-port.ts';
import { type LocalObjectStore, startLocalObjectStore } from './local-object-store.ts';
import { waitForPostgres, waitForRedis } from './readiness.ts';
import { ServicesError, type StartedServices } from './types.ts';
import { findVersitygw, INSTALL_VERSITYGW, type VersitygwLookup } from './versitygw.ts';

const BINARIES = ['initdb', 'postgres', 'redis-server', 'versitygw'] as const;

export function findLocalBinaries(env: NodeJS.ProcessEnv = process.env): {
  found: Partial<Record<(typeof BINARIES)[number], string>>;
  missing: string[];
} {
  const found: Partial<Record<(typeof BINARIES)[number], string>> = {};
  const missing: string[] = [];
  for (const name of BINARIES) {
    const path = name === 'versitygw' ? pathOf(findVersitygw(env)) : onPath(name, env);
    if (path) found[name] = path;
    else missing.push(name);
  }
  return { found, missing };
}

/** How to get the binaries findLocalBinaries found missing. */
export function howToInstallLocal(missing: readonly string[]): string {
  const hints: string[] = [];
  if (missing.some((name) => name !== 'versitygw')) hints.push('Debian: apt-get install postgresql redis-server');
  if (missing.includes('versitygw')) hints.push(`versitygw: ${INSTALL_VERSITYGW}`);
  return hints.join('; ');
}

function pathOf(lookup: VersitygwLookup): string | undefined {
  return 'path' in lookup ? lookup.path : undefined;
}

/** Postgres refuses to run as root; when we are root, its processes run as this account instead. */
function postgresAccount(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const result = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gidResult = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (result.status === 0 && gidResult.status === 0) {
      return { uid: Number(result.stdout.trim()), gid: Number(gidResult.stdout.trim()) };
    }
  }
  throw new ServicesError('running as root and neither a "postgres" nor a "nobody" account exists to run Postgres as.');
}

export interface LocalRedis {
  readonly url: string;
  readonly port: number;
  /** SIGTERM, then SIGKILL after 10 s; removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A throwaway redis-server child process on a free loopback port, in a temporary directory of its own, without
 * persistence. Killed with the harness if the harness is interrupted before stop().
 */
export async function startLocalRedis(
  options: { readonly databases: number },
  env: NodeJS.ProcessEnv = process.env,
): Promise<LocalRedis> {
  const binary = onPath('redis-server', env);
  if (!binary) throw new ServicesError('a local Redis needs redis-server on PATH.');
  const dir = mkdtempSync(join(tmpdir(), 'buzz-compat-redis-'));
  const releaseDir = guardDirectory(dir);
  const port = await freeLoopbackPort();
  const child = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--protected-mode',
      'no',
      '--databases',
      String(options.databases),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const releasePid = child.pid ? guardProcess(child.pid) : () => {};
  const output = captureOutput(child);
  const stop = stopServerOnce(child, { releasePid, dir, releaseDir });
  const url = `redis://127.0.0.1:${port}`;
  try {
    await waitForRedis(url, 15_000, () => child.exitCode !== null, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, stop };
}

/**
 * Postgres, Redis and the object store as child processes on free loopback ports, in temporary directories that are
 * removed on stop. Durability settings are relaxed (fsync off): these servers hold only test data and are thrown away.
 */
export async function startLocalServices(env: NodeJS.ProcessEnv = process.env): Promise<StartedServices> {
  const { found, missing } = findLocalBinaries(env);
  if (missing.length > 0 || !found.initdb || !found.postgres || !found['redis-server']) {
    throw new ServicesError(`local services need ${missing.join(', ')} (${howToInstallLocal(missing)}).`);
  }
  const root = mkdtempSync(join(tmpdir(), 'buzz-compat-services-'));
  const releaseRoot = guardDirectory(root);
  const account = postgresAccount();
  const children: ChildProcess[] = [];
  const releases: Array<() => void> = [];
  let redisServer: LocalRedis | undefined;
  let objectStore: LocalObjectStore | undefined;
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // SIGINT is Postgres's "fast shutdown".
    await Promise.all([
      ...children.map((child) => stopChild(child, 'SIGINT')),
      redisServer?.stop(),
      objectStore?.stop(),
    ]);
    for (const release of releases) release();
    rmSync(root, { recursive: true, force: true });
    releaseRoot();
  };

  try {
    const pgData = join(root, 'pg');
    const ids = account ? { uid: account.uid, gid: account.gid } : {};
    if (account) chownSync(root, account.uid, account.gid);
    const init = spawn(
      found.initdb,
      ['-D', pgData, '-U', 'buzz', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
      {
        ...ids,
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const releaseInit = init.pid ? guardProcess(init.pid) : () => {};
    const initOutput = captureOutput(init);
    const initCode = await new Promise<number | null>((resolve) => init.once('exit', (code) => resolve(code)));
    releaseInit();
    if (initCode !== 0) throw new ServicesError(`initdb failed (exit ${initCode}): ${initOutput().trim()}`);

    const pgPort = await freeLoopbackPort();
    const postgres = spawn(
      found.postgres,
      [
        '-D',
        pgData,
        '-p',
        String(pgPort),
        '-k',
        root,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=300',
      ],
      { ...ids, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    children.push(postgres);
    if (postgres.pid) releases.push(guardProcess(postgres.pid));
    const postgresOutput = captureOutput(postgres);

    const databaseUrl = `postgres://buzz:buzz_dev@127.0.0.1:${pgPort}/postgres`;
    // Settled rather than all: a Redis or store still starting when Postgres fails must be known to stop() too.
    const [postgresReady, redis, store] = await Promise.allSettled([
      waitForPostgres(databaseUrl, 30_000, () => postgres.exitCode !== null, postgresOutput),
      // Room for one db index per relay cluster beside the per-worker ones (harness/suite/support/redis-db-lease.ts).
      startLocalRedis({ databases: 64 }, env),
      startLocalObjectStore(env),
    ]);
    if (redis.status === 'fulfilled') redisServer = redis.value;
    if (store.status === 'fulfilled') objectStore = store.value;
    if (postgresReady.status === 'rejected') throw postgresReady.reason;
    if (redis.status === 'rejected') throw redis.reason;
    if (store.status === 'rejected') throw store.reason;
    return {
      endpoints: { mode: 'local', databaseUrl, redisUrl: redis.value.url, objectStore: store.value.endpoint },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
