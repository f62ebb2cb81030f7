import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenericContainer, PullPolicy, type StartedTestContainer } from 'testcontainers';
import { ownerLabels, resolveImage } from './containers.ts';
import { localImageId } from './docker-engine.ts';
import { waitForObjectStore } from './readiness.ts';
import { type ObjectStoreEndpoint, ServicesError } from './types.ts';
import {
  findVersitygw,
  SUITE_STORE_CREDENTIALS,
  VERSITYGW_CONTAINER_PORT,
  versitygwArgs,
  versitygwEnv,
} from './versitygw.ts';

// Containers mode's object store: versitygw in an image built here from the local binary on a Debian base, since
// no registry serves an image of it that the suite could rely on. The tag is a hash of the binary, the Dockerfile
// and the base image, so an unchanged store is built once per machine.

export const DEFAULT_BASE_IMAGE = 'debian:bookworm-slim';
const DOCKERFILE = join(import.meta.dirname, 'versitygw.Dockerfile');

export interface ObjectStoreContainer {
  readonly endpoint: ObjectStoreEndpoint;
  readonly container: StartedTestContainer;
}

/** BUZZ_OBJECT_STORE_IMAGE when set (it must be local), else the image built from versitygw on BUZZ_BASE_IMAGE. */
export async function ensureObjectStoreImage(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.BUZZ_OBJECT_STORE_IMAGE) return resolveImage('BUZZ_OBJECT_STORE_IMAGE', '', env);
  const binary = findVersitygw(env);
  if (!('path' in binary)) {
    throw new ServicesError(
      `containers mode builds its object-store image from the versitygw binary, but ${binary.missing}; or set BUZZ_OBJECT_STORE_IMAGE to a local image whose entrypoint is versitygw.`,
    );
  }
  const base = env.BUZZ_BASE_IMAGE || DEFAULT_BASE_IMAGE;
  const baseId = await localImageId(base, env);
  // An overridden base is never pulled; the default one may be, as the default Postgres and Redis images are.
  if (env.BUZZ_BASE_IMAGE && baseId === undefined) {
    throw new ServicesError(
      `BUZZ_BASE_IMAGE=${base} but no such image exists locally, and an overridden image is never pulled; build it (../shared/ci/provision-docker.sh) or unset BUZZ_BASE_IMAGE.`,
    );
  }
  const tag = await imageTag(binary.path, base, baseId);
  if ((await localImageId(tag, env)) !== undefined) return tag;
  const context = await mkdtemp(join(tmpdir(), 'buzz-compat-s3-image-'));
  try {
    await copyFile(DOCKERFILE, join(context, 'Dockerfile'));
    await copyFile(binary.path, join(context, 'versitygw'));
    await GenericContainer.fromDockerfile(context)
      .withBuildArgs({ BASE_IMAGE: base })
      .withPullPolicy(PullPolicy.defaultPolicy())
      .build(tag, { deleteOnExit: false });
  } catch (error) {
    throw new ServicesError(
      `the object-store image ${tag} did not build from ${DOCKERFILE} on ${base}: ${(error as Error).message} (DEBUG=testcontainers:build shows the build log)`,
    );
  } finally {
    await rm(context, { recursive: true, force: true });
  }
  return tag;
}

export async function startObjectStoreContainer(env: NodeJS.ProcessEnv = process.env): Promise<ObjectStoreContainer> {
  const image = await ensureObjectStoreImage(env);
  const container = await new GenericContainer(image)
    .withEnvironment(versitygwEnv(SUITE_STORE_CREDENTIALS))
    .withCommand(versitygwArgs(`:${VERSITYGW_CONTAINER_PORT}`, '/data'))
    .withExposedPorts(VERSITYGW_CONTAINER_PORT)
    .withLabels(ownerLabels('object-store'))
    .start();
  // "localhost" may resolve to ::1 first, where the Docker port proxy need not listen.
  const host = container.getHost() === 'localhost' ? '127.0.0.1' : container.getHost();
  const endpoint = {
    url: `http://${host}:${container.getMappedPort(VERSITYGW_CONTAINER_PORT)}`,
    ...SUITE_STORE_CREDENTIALS,
  };
  try {
    await waitForObjectStore(
      endpoint,
      15_000,
      () => false,
      () => '',
    );
  } catch (error) {
    await container.stop({ remove: true, removeVolumes: true });
    throw error;
  }
  return { endpoint, container };
}

async function imageTag(binaryPath: string, base: string, baseId: string | undefined): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(binaryPath)) hash.update(chunk as Buffer);
  hash.update(await readFile(DOCKERFILE)).update(baseId ?? base);
  return `buzz-compat/versitygw:${hash.digest('hex').slice(0, 16)}`;
}
