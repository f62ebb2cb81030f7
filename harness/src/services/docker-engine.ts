import { request } from 'node:http';

// Talks to the Docker Engine API directly (not through testcontainers) so that "is there an engine?" is
// answered within a bound: testcontainers' own runtime discovery can take far longer to give up.

interface EngineAddress {
  readonly socketPath?: string;
  readonly host?: string;
  readonly port?: number;
  readonly label: string;
}

export function engineAddress(env: NodeJS.ProcessEnv = process.env): EngineAddress {
  const dockerHost = env.DOCKER_HOST;
  if (!dockerHost) return { socketPath: '/var/run/docker.sock', label: 'unix:///var/run/docker.sock' };
  if (dockerHost.startsWith('unix://')) return { socketPath: dockerHost.slice('unix://'.length), label: dockerHost };
  const url = new URL(dockerHost.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 2375), label: dockerHost };
}

function engineRequest(
  method: 'GET' | 'DELETE',
  path: string,
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<{ status: number; body: string }> {
  const address = engineAddress(env);
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: address.socketPath, host: address.host, port: address.port, path, method, timeout: timeoutMs },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

export type EngineProbe = { readonly reachable: true } | { readonly reachable: false; readonly reason: string };

export async function probeDockerEngine(timeoutMs = 3000, env?: NodeJS.ProcessEnv): Promise<EngineProbe> {
  const { label } = engineAddress(env);
  try {
    const { status } = await engineRequest('GET', '/_ping', timeoutMs, env);
    return status === 200 ? { reachable: true } : { reachable: false, reason: `${label} answered HTTP ${status}` };
  } catch (error) {
    return { reachable: false, reason: `${label}: ${(error as Error).message}` };
  }
}

export async function imageExistsLocally(image: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  return (await localImageId(image, env)) !== undefined;
}

/** The image's id in the local image store, or undefined when it is not there. */
export async function localImageId(image: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  const { status, body } = await engineRequest('GET', `/images/${encodeURIComponent(image)}/json`, 5000, env);
  return status === 200 ? (JSON.parse(body) as { Id: string }).Id : undefined;
}

export interface LabelledContainer {
  readonly id: string;
  readonly labels: Readonly<Record<string, string>>;
}

export async function containersWithLabel(label: string, env?: NodeJS.ProcessEnv): Promise<LabelledContainer[]> {
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  const { status, body } = await engineRequest('GET', `/containers/json?all=1&filters=${filters}`, 5000, env);
  if (status !== 200) throw new Error(`listing containers failed: HTTP ${status} ${body}`);
  return (JSON.parse(body) as Array<{ Id: string; Labels: Record<string, string> }>).map((c) => ({
    id: c.Id,
    labels: c.Labels,
  }));
}

export async function removeContainer(id: string, env?: NodeJS.ProcessEnv): Promise<void> {
  await engineRequest('DELETE', `/containers/${id}?force=1&v=1`, 20_000, env);
}
