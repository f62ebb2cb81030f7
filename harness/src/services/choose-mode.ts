import { probeDockerEngine } from './docker-engine.ts';
import { missingExternalVariables } from './external.ts';
import { findLocalBinaries, howToInstallLocal } from './local.ts';
import { ServicesError, type ServicesMode } from './types.ts';
import { INSTALL_VERSITYGW } from './versitygw.ts';

const MODES: readonly ServicesMode[] = ['external', 'containers', 'local'];

export const HOW_TO_GET_SERVICES = [
  'buzz-compat needs a Postgres, a Redis and an S3-compatible object store for its tests. Give it one of:',
  '  1. external:   set BUZZ_COMPAT_DATABASE_URL (a superuser URL), BUZZ_COMPAT_REDIS_URL, BUZZ_COMPAT_S3_URL,',
  '                 BUZZ_COMPAT_S3_ACCESS_KEY and BUZZ_COMPAT_S3_SECRET_KEY (a store with conditional PUTs);',
  '  2. containers: a running Docker engine (DOCKER_HOST or /var/run/docker.sock) and the versitygw binary;',
  '  3. local:      initdb, postgres, redis-server and versitygw on PATH',
  `                 (Debian: apt-get install postgresql redis-server; versitygw: ${INSTALL_VERSITYGW}).`,
  'Force one with BUZZ_COMPAT_SERVICES=external|containers|local.',
].join('\n');

/**
 * The services mode for this run: forced by BUZZ_COMPAT_SERVICES, else the first that is available of
 * external URLs, a Docker engine, local binaries. Fails with one clear message, and fast (the engine probe is bounded).
 */
export async function chooseServicesMode(env: NodeJS.ProcessEnv = process.env): Promise<ServicesMode> {
  const forced = env.BUZZ_COMPAT_SERVICES;
  if (forced !== undefined && forced !== '') {
    if (!MODES.includes(forced as ServicesMode)) {
      throw new ServicesError(`BUZZ_COMPAT_SERVICES=${forced} is not one of ${MODES.join(', ')}.`);
    }
    const mode = forced as ServicesMode;
    await assertAvailable(mode, env);
    return mode;
  }
  if (env.BUZZ_COMPAT_DATABASE_URL && env.BUZZ_COMPAT_REDIS_URL) return 'external';
  if ((await probeDockerEngine(3000, env)).reachable) return 'containers';
  if (findLocalBinaries(env).missing.length === 0) return 'local';
  throw new ServicesError(`no Postgres/Redis/object store available.\n${HOW_TO_GET_SERVICES}`);
}

async function assertAvailable(mode: ServicesMode, env: NodeJS.ProcessEnv): Promise<void> {
  if (mode === 'external') {
    const missing = missingExternalVariables(env);
    if (missing.length > 0) {
      throw new ServicesError(`BUZZ_COMPAT_SERVICES=external needs ${missing.join(', ')} to be set.`);
    }
  } else if (mode === 'containers') {
    const probe = await probeDockerEngine(3000, env);
    if (!probe.reachable) {
      throw new ServicesError(
        `BUZZ_COMPAT_SERVICES=containers but no Docker engine answers (${probe.reason}); start Docker, set DOCKER_HOST, or choose BUZZ_COMPAT_SERVICES=local.`,
      );
    }
  } else {
    const { missing } = findLocalBinaries(env);
    if (missing.length > 0) {
      throw new ServicesError(
        `BUZZ_COMPAT_SERVICES=local but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not on PATH; install ${missing.length === 1 ? 'it' : 'them'} (${howToInstallLocal(missing)}) or choose another mode.`,
      );
    }
  }
}
