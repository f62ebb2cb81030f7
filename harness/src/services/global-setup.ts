import type { TestProject } from 'vitest/node';
import { startServices } from './start-services.ts';

/** Starts Postgres and Redis once per vitest run and hands their plain URLs to every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const services = await startServices();
  const { mode, databaseUrl, redisUrl } = services.endpoints;
  console.log(
    `[buzz-compat] services: ${mode} (Postgres ${databaseUrl}, Redis ${redisUrl}) in ${Date.now() - started} ms`,
  );
  project.provide('services', services.endpoints);
  return () => services.stop();
}
