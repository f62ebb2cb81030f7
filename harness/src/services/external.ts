import { waitForObjectStore, waitForPostgres, waitForRedis } from './readiness.ts';
import { ServicesError, type StartedServices } from './types.ts';

/** What external mode reads; choose-mode.ts names them in its messages too. */
export const EXTERNAL_VARIABLES = [
  'BUZZ_COMPAT_DATABASE_URL',
  'BUZZ_COMPAT_REDIS_URL',
  'BUZZ_COMPAT_S3_URL',
  'BUZZ_COMPAT_S3_ACCESS_KEY',
  'BUZZ_COMPAT_S3_SECRET_KEY',
] as const;

export function missingExternalVariables(env: NodeJS.ProcessEnv): string[] {
  return EXTERNAL_VARIABLES.filter((name) => !env[name]);
}

/** Services someone else runs: checked once, never stopped by us. */
export async function useExternalServices(env: NodeJS.ProcessEnv = process.env): Promise<StartedServices> {
  const missing = missingExternalVariables(env);
  if (missing.length > 0) throw new ServicesError(`external services need ${missing.join(', ')} to be set.`);
  const databaseUrl = env.BUZZ_COMPAT_DATABASE_URL!;
  const redisUrl = env.BUZZ_COMPAT_REDIS_URL!;
  const objectStore = {
    url: env.BUZZ_COMPAT_S3_URL!,
    accessKey: env.BUZZ_COMPAT_S3_ACCESS_KEY!,
    secretKey: env.BUZZ_COMPAT_S3_SECRET_KEY!,
  };
  const never = () => false;
  const nothing = () => '';
  await Promise.all([
    waitForPostgres(databaseUrl, 10_000, never, nothing),
    waitForRedis(redisUrl, 10_000, never, nothing),
    waitForObjectStore(objectStore, 10_000, never, nothing),
  ]);
  return { endpoints: { mode: 'external', databaseUrl, redisUrl, objectStore }, stop: async () => {} };
}
