import { randomUUID } from 'node:crypto';
import { RedisContainer } from '@testcontainers/redis';
import { DEFAULT_REDIS_IMAGE, ownerLabels, resolveImage } from '../../src/services/containers.ts';
import { guardContainersLabelled } from '../../src/services/emergency-cleanup.ts';
import { startLocalRedis } from '../../src/services/local.ts';

// A Redis server of its own for one relay cluster, for relays whose pub/sub channels are the same whatever db
// index they are given: only a separate server keeps clusters running at the same time from hearing each other.
// The worker that asks starts it, the same way the run's services were started, and stops it on release.

/** Marks each lease's container, so the interrupt guard removes exactly it (the owner label covers all of them). */
const LEASE_LABEL = 'buzz-compat.redis-lease';

export interface OwnRedisServer {
  /** The server's URL, without a db index. */
  readonly url: string;
  readonly port: number;
  /** Stops and removes the server; idempotent. */
  stop(): Promise<void>;
}

export async function startOwnRedisServer(
  mode: 'containers' | 'local',
  env: NodeJS.ProcessEnv = process.env,
): Promise<OwnRedisServer> {
  return mode === 'containers' ? startRedisContainer(env) : startLocalRedis({ databases: 16 }, env);
}

async function startRedisContainer(env: NodeJS.ProcessEnv): Promise<OwnRedisServer> {
  const image = await resolveImage('BUZZ_REDIS_IMAGE', DEFAULT_REDIS_IMAGE, env);
  const lease = randomUUID();
  const releaseGuard = guardContainersLabelled(`${LEASE_LABEL}=${lease}`);
  let container: Awaited<ReturnType<RedisContainer['start']>>;
  try {
    container = await new RedisContainer(image)
      .withLabels({ ...ownerLabels('redis-lease'), [LEASE_LABEL]: lease })
      .start();
  } catch (error) {
    // The guard stays: a container created before the failure is still removed when this worker exits.
    throw new Error(`starting a Redis container (${image}) for a relay cluster failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let stopped = false;
  const port = container.getPort();
  return {
    url: `redis://${container.getHost()}:${port}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      await container.stop({ remove: true, removeVolumes: true });
      releaseGuard();
    },
  };
}
