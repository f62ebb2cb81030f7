// Container mode: the collector bundle in an image built from ./Dockerfile on a local Node base image.
//
// Nothing is ever pulled. The Docker build API cannot forbid a pull (testcontainers refuses a never-pull policy for
// Dockerfile builds), but the classic builder only pulls a base image that is missing, so this module checks the base
// image exists before building, and builds with the default policy (no forced pull).
// The image tag is a hash of the bundle, the Dockerfile and the base image id, so an unchanged collector is built once.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type ContainerRuntimeClient,
  GenericContainer,
  getContainerRuntimeClient,
  ImageName,
  PullPolicy,
  Wait,
} from 'testcontainers';
import { ownerLabelFilter, ownerLabels } from '../services/containers.ts';
import { guardContainersLabelled } from '../services/emergency-cleanup.ts';
import { bundleCollector, COLLECTOR_DIR } from './bundle.ts';
import type { RunningCollector } from './launch.ts';

export interface BaseImage {
  readonly name: string;
  /** Where the name came from, for the error message when the image is missing. */
  readonly source: string;
}

const GRPC_PORT = 4317;
const HTTP_PORT = 4318;
const QUERY_PORT = 4319;
const STOP_TIMEOUT_MS = 5_000;

/** Builds the collector image for this bundle and base image unless it exists already; returns its tag. */
export async function ensureCollectorImage(base: BaseImage): Promise<string> {
  const client = await runtimeClient();
  const baseId = await localImageId(client, base);
  const bundle = await bundleCollector();
  const tag = await imageTag(bundle, baseId);
  if (!(await client.image.exists(ImageName.fromString(tag)))) {
    await GenericContainer.fromDockerfile(COLLECTOR_DIR)
      .withBuildArgs({ NODE_IMAGE: base.name })
      .withPullPolicy(PullPolicy.defaultPolicy())
      .build(tag, { deleteOnExit: false })
      .catch((error: unknown) => {
        throw new Error(
          `collector image ${tag} did not build from ${join(COLLECTOR_DIR, 'Dockerfile')} on ${base.name}: ` +
            `${(error as Error).message} (DEBUG=testcontainers:build shows the build log)`,
        );
      });
  }
  return tag;
}

export async function startCollectorContainer(base: BaseImage, readyTimeoutMs: number): Promise<RunningCollector> {
  const tag = await ensureCollectorImage(base);
  const release = guardContainersLabelled(ownerLabelFilter());
  const container = await new GenericContainer(tag)
    .withExposedPorts(GRPC_PORT, HTTP_PORT, QUERY_PORT)
    .withLabels(ownerLabels('collector'))
    .withWaitStrategy(Wait.forLogMessage(/"event":"ready"/))
    .withStartupTimeout(readyTimeoutMs)
    .start();

  const host = reachableHost(container.getHost());
  const url = (port: number) => `http://${host}:${container.getMappedPort(port)}`;
  return {
    grpcEndpoint: url(GRPC_PORT),
    httpEndpoint: url(HTTP_PORT),
    queryUrl: url(QUERY_PORT),
    mode: 'container',
    stop: async () => {
      await container.stop({ timeout: STOP_TIMEOUT_MS, remove: true });
      release();
    },
  };
}

async function runtimeClient(): Promise<ContainerRuntimeClient> {
  try {
    return await getContainerRuntimeClient();
  } catch (error) {
    throw new Error(
      `collector container mode needs Docker, which is not reachable (${(error as Error).message}); ` +
        'start Docker or run the collector as a process',
    );
  }
}

async function localImageId(client: ContainerRuntimeClient, base: BaseImage): Promise<string> {
  const image = ImageName.fromString(base.name);
  if (!(await client.image.exists(image))) {
    throw new Error(
      `collector image: base image "${base.name}" (from ${base.source}) is not in the local Docker image store, and ` +
        'the collector build never pulls. Load a Node 22+ image under that name, or set BUZZ_NODE_IMAGE to one that is.',
    );
  }
  return (await client.image.inspect(image)).Id;
}

async function imageTag(bundle: Uint8Array, baseId: string): Promise<string> {
  const hash = createHash('sha256')
    .update(bundle)
    .update(await readFile(join(COLLECTOR_DIR, 'Dockerfile')))
    .update(baseId)
    .digest('hex');
  return `buzz-compat/collector:${hash.slice(0, 16)}`;
}

/**
 * The relay under test runs on the host and dials these endpoints. "localhost" may resolve to ::1 first, where the
 * Docker port proxy need not listen, so it is spelled as the IPv4 loopback the proxy always binds.
 */
function reachableHost(host: string): string {
  return host === 'localhost' ? '127.0.0.1' : host;
}
