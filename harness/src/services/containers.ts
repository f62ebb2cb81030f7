import { hostname } from 'node:os';
import { PostgreSqlContainer } from '@testcontainers/postgresql';
import { RedisContainer } from '@testcontainers/redis';
import type { StartedTestContainer } from 'testcontainers';
import { ownerAlive, thisProcess } from '../machine/owner-process.ts';
import { containersWithLabel, imageExistsLocally, removeContainer } from './docker-engine.ts';
import { guardContainersLabelled } from './emergency-cleanup.ts';
import { startObjectStoreContainer } from './object-store-container.ts';
import { ServicesError, type StartedServices } from './types.ts';

export const DEFAULT_POSTGRES_IMAGE = 'postgres:16-alpine';
export const DEFAULT_REDIS_IMAGE = 'redis:7-alpine';

/** Every container the suite starts carries these labels, so a later run can find and remove leftovers. */
export const OWNER_LABEL = 'buzz-compat.owner';
/**
 * The owner's start time, beside `<host>:<pid>` rather than inside it: earlier suite versions, which may run on the
 * same machine, read OWNER_LABEL as `<host>:<pid>` and would take any other value for a dead owner.
 */
const OWNER_START_LABEL = 'buzz-compat.owner-start';
const ownerValue = () => `${hostname()}:${process.pid}`;
/** A `key=value` label filter matching exactly the containers this process started. */
export const ownerLabelFilter = () => `${OWNER_LABEL}=${ownerValue()}`;
export function ownerLabels(role: string): Record<string, string> {
  const start = thisProcess().startTicks;
  return {
    [OWNER_LABEL]: ownerValue(),
    ...(start === null ? {} : { [OWNER_START_LABEL]: start }),
    'buzz-compat.role': role,
  };
}

/** True for a container of this host whose owning process is gone (or whose pid now names a later process). */
export function ownerGone(labels: Readonly<Record<string, string>>): boolean {
  const [host, pid, ...rest] = (labels[OWNER_LABEL] ?? '').split(':');
  if (host !== hostname() || rest.length > 0 || !/^\d+$/.test(pid ?? '')) return false;
  return !ownerAlive({ pid: Number(pid), startTicks: labels[OWNER_START_LABEL] ?? null });
}

/**
 * Removes containers left by earlier runs on this host whose owning process is gone (e.g. after kill -9); those of
 * runs still alive, on this machine or another one sharing the engine, are theirs to remove.
 */
export async function sweepStaleContainers(env?: NodeJS.ProcessEnv): Promise<number> {
  let removed = 0;
  for (const container of await containersWithLabel(OWNER_LABEL, env)) {
    if (ownerGone(container.labels)) {
      await removeContainer(container.id, env);
      removed += 1;
    }
  }
  return removed;
}

/**
 * An image named by an override variable must already exist locally: pulling is never an option then (the
 * provisioned CI machine has no registry). The official default images may be pulled as usual.
 */
export async function resolveImage(variable: string, fallback: string, env: NodeJS.ProcessEnv): Promise<string> {
  const override = env[variable];
  if (!override) return fallback;
  if (!(await imageExistsLocally(override, env))) {
    throw new ServicesError(
      `${variable}=${override} but no such image exists locally, and an overridden image is never pulled; build it (../shared/ci/provision-docker.sh) or unset ${variable}.`,
    );
  }
  return override;
}

export async function startContainerServices(env: NodeJS.ProcessEnv = process.env): Promise<StartedServices> {
  const release = guardContainersLabelled(ownerLabelFilter());
  await sweepStaleContainers(env);
  const [postgresImage, redisImage] = await Promise.all([
    resolveImage('BUZZ_POSTGRES_IMAGE', DEFAULT_POSTGRES_IMAGE, env),
    resolveImage('BUZZ_REDIS_IMAGE', DEFAULT_REDIS_IMAGE, env),
  ]);
  const started: StartedTestContainer[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(started.map((container) => container.stop({ remove: true, removeVolumes: true })));
    release();
  };
  try {
    const [postgresResult, redisResult, objectStoreResult] = await Promise.allSettled([
      new PostgreSqlContainer(postgresImage)
        .withUsername('buzz')
        .withPassword('buzz_dev')
        .withDatabase('buzz')
        .withLabels(ownerLabels('postgres'))
        // Test data is disposable: durability off makes every INSERT cheaper.
        .withCommand([
          'postgres',
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=300',
        ])
        .start(),
      new RedisContainer(redisImage)
        .withLabels(ownerLabels('redis'))
        // Room for one db index per relay cluster beside the per-worker ones (harness/suite/support/redis-db-lease.ts).
        .withCommand(['redis-server', '--databases', '64'])
        .start(),
      startObjectStoreContainer(env),
    ]);
    for (const result of [postgresResult, redisResult]) if (result.status === 'fulfilled') started.push(result.value);
    if (objectStoreResult.status === 'fulfilled') started.push(objectStoreResult.value.container);
    if (postgresResult.status === 'rejected') throw postgresResult.reason;
    if (redisResult.status === 'rejected') throw redisResult.reason;
    if (objectStoreResult.status === 'rejected') throw objectStoreResult.reason;
    const postgres = postgresResult.value;
    const redis = redisResult.value;
    const databaseUrl = `postgres://buzz:buzz_dev@${postgres.getHost()}:${postgres.getPort()}/buzz`;
    const redisUrl = `redis://${redis.getHost()}:${redis.getPort()}`;
    const objectStore = objectStoreResult.value.endpoint;
    return { endpoints: { mode: 'containers', databaseUrl, redisUrl, objectStore }, stop };
  } catch (error) {
    await stop();
    if (error instanceof ServicesError) throw error;
    const pullHint =
      env.BUZZ_POSTGRES_IMAGE && env.BUZZ_REDIS_IMAGE
        ? ''
        : ' If no registry is reachable, build local images (../shared/ci/provision-docker.sh) and source /var/tmp/buzz-compat-provision/images.env, or use BUZZ_COMPAT_SERVICES=local.';
    throw new ServicesError(
      `starting the Postgres/Redis/object-store containers failed: ${(error as Error).message}.${pullHint}`,
    );
  }
}
