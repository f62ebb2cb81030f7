import type { RelayAdapter } from '../relay-under-test/adapter-types.ts';
import { launchRelay } from '../relay-under-test/launch-relay.ts';
import { createIsolatedBucket, createIsolatedDatabase } from '../services/isolation.ts';
import type { ServiceEndpoints } from '../services/types.ts';

/**
 * Starts the relay once, before any test file does, so that a command that does not exist or a relay that never
 * becomes ready stops the run at once with one clear message, instead of once per test file after each timeout.
 * Rejects with the launcher's error; leaves nothing running either way.
 */
export async function preflightRelay(adapter: RelayAdapter, services: ServiceEndpoints): Promise<void> {
  const database = await createIsolatedDatabase(services.databaseUrl, 'preflight');
  const bucket = await createIsolatedBucket(services.objectStore, 'preflight').catch(async (error: unknown) => {
    await database.drop().catch(() => undefined);
    throw error;
  });
  try {
    const relay = await launchRelay(adapter, {
      services: {
        databaseUrl: database.url,
        redisUrl: services.redisUrl,
        objectStore: { ...services.objectStore, bucket: bucket.name },
      },
      label: 'preflight',
    });
    await relay.stop();
  } finally {
    await database.drop().catch(() => undefined);
    await bucket.drop().catch(() => undefined);
  }
}
