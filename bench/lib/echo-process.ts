import { join } from 'node:path';
import { spawnNode } from './child-process.ts';
import { REPO_ROOT } from './relay-process.ts';

const ECHO_MAIN = join(REPO_ROOT, 'bench', 'lib', 'echo-relay-main.ts');
const READY_TIMEOUT_MS = 15_000;

export interface EchoProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<number | null>;
}

/** Starts echo-relay-main.ts on a free loopback port and waits for its ready line. */
export async function startEchoProcess(): Promise<EchoProcess> {
  const child = spawnNode([ECHO_MAIN, '0'], process.env, REPO_ROOT);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no ready line within ${READY_TIMEOUT_MS} ms`), READY_TIMEOUT_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new Error(`echo relay (${ECHO_MAIN}): ${why}:\n${child.output()}`));
    };
    child.process.once('exit', (code) => fail(`exited with code ${code}`));
    child.onLine((line) => {
      if (!line.startsWith('{')) return;
      const ready = JSON.parse(line) as { event?: string; port?: number };
      if (ready.event === 'ready' && typeof ready.port === 'number') {
        clearTimeout(timer);
        resolve(ready.port);
      }
    });
  }).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  return { url: `ws://127.0.0.1:${port}`, pid: child.process.pid!, stop: () => child.stop() };
}
