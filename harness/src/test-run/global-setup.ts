import { isCI } from 'std-env';
import type { TestProject } from 'vitest/node';
import { prepareCollectorImage } from '../collector/launch.ts';
import { startServices } from '../services/start-services.ts';

/**
 * Starts Postgres, Redis and the object store once per vitest run and hands their plain URLs to every test file. The fake collector
 * follows the services: in a container when they run in containers (its image built here, once), else a process.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // `vitest -u` rewrites goldens as `npm run golden:update` does (the same checks, the same write path), and, as
  // there, never on a CI machine: a CI run may only compare
  const updateGoldens = project.config.snapshotOptions.updateSnapshot === 'all';
  if (updateGoldens && (isCI || process.env.CI === 'true')) {
    throw new Error(
      'vitest -u asks to rewrite goldens, which is refused on CI: goldens are rewritten locally and reviewed (docs/updating-goldens.md)',
    );
  }
  project.provide('updateGoldens', updateGoldens);
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
