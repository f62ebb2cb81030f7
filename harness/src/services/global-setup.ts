import type { TestProject } from 'vitest/node';
import { prepareCollectorImage } from '../collector/launch.ts';
import { startServices } from './start-services.ts';

/**
 * Starts Postgres, Redis and the object store once per vitest run and hands their plain URLs to every test file. The fake collector
 * follows the services: in a container when they run in containers (its image built here, once), else a process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const services = await startServices();
  const { mode, databaseUrl, redisUrl, objectStore } = services.endpoints;
  try {
    const collectorMode = mode === 'containers' ? 'container' : 'process';
    if (collectorMode === 'container') await prepareCollectorImage();
    console.log(
      `[buzz-compat] services: ${mode} (Postgres ${databaseUrl}, Redis ${redisUrl}, S3 ${objectStore.url}), collector: ${collectorMode}, ready in ${Date.now() - started} ms`,
    );
    project.provide('services', services.endpoints);
    project.provide('collector', { mode: collectorMode });
  } catch (error) {
    await services.stop();
    throw error;
  }
  return () => services.stop();
}
