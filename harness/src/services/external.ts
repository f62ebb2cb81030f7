import { waitForPostgres, waitForRedis } from './readiness.ts';
import { ServicesError, type StartedServices } from './types.ts';

/** Services someone else runs: checked once, never stopped by us. */
export async function useExternalServices(env: NodeJS.ProcessEnv = process.env): Promise<StartedServices> {
  const databaseUrl = env.BUZZ_COMPAT_DATABASE_URL;
  const redisUrl = env.BUZZ_COMPAT_REDIS_URL;
  if (!databaseUrl || !redisUrl) {
    throw new ServicesError('external services need BUZZ_COMPAT_DATABASE_URL and BUZZ_COMPAT_REDIS_URL.');
  }
  const never = () => false;
  const nothing = () => '';
  await Promise.all([
    waitForPostgres(databaseUrl, 10_000, never, nothing),
    waitForRedis(redisUrl, 10_000, never, nothing),
  ]);
  return { endpoints: { mode: 'external', databaseUrl, redisUrl }, stop: async () => {} };
}
