// The collector program's start-up and shutdown contract, as launch.ts and the container rely on it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeBinary } from './process-launch.ts';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), 'main.ts');

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs main.ts; `onReady` may act once the ready line is out (e.g. send a signal). */
async function runMain(args: readonly string[], onReady?: (pid: number) => void): Promise<Outcome> {
  const child = spawn(nodeBinary(), [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (onReady && stdout.includes('\n') && child.pid !== undefined) {
      onReady(child.pid);
      onReady = undefined;
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

const ephemeral = ['--grpc-port', '0', '--http-port', '0', '--query-port', '0'];

describe('collector main', () => {
  let blocker: Server | undefined;

  afterEach(async () => {
    if (blocker) await new Promise((resolve) => blocker!.close(resolve));
    blocker = undefined;
  });

  it.each(['grpc-port', 'http-port', 'query-port'])(
    '§3.1 a busy --%s makes it exit 2 with one line naming the address',
    async (flag) => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker!.listen(0, '127.0.0.1', resolve));
      const busyPort = (blocker.address() as { port: number }).port;
      const args = [...ephemeral];
      args[args.indexOf(`--${flag}`) + 1] = String(busyPort);

      const outcome = await runMain(args);

      expect(outcome.code).toBe(2);
      expect(outcome.stdout).toBe('');
      expect(outcome.stderr.trimEnd().split('\n')).toEqual([
        expect.stringContaining(`cannot listen on 127.0.0.1:${busyPort}`),
      ]);
      expect(outcome.stderr).toMatch(/already in use/);
    },
  );

  it('§3.1 prints one ready line with the bound ports, and exits 0 on SIGTERM', async () => {
    const outcome = await runMain(ephemeral, (pid) => process.kill(pid, 'SIGTERM'));
    expect(outcome.code).toBe(0);
    const lines = outcome.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const ready = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(ready).toEqual({
      event: 'ready',
      grpcPort: expect.any(Number),
      httpPort: expect.any(Number),
      queryPort: expect.any(Number),
    });
    expect(new Set([ready.grpcPort, ready.httpPort, ready.queryPort]).size).toBe(3);
  });

  it('§3.1 exits 0 on SIGINT too', async () => {
    const outcome = await runMain(ephemeral, (pid) => process.kill(pid, 'SIGINT'));
    expect(outcome.code).toBe(0);
  });

  it('an unknown option or a bad port exits 2 and says which', async () => {
    const unknown = await runMain(['--grpc-prot', '1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--grpc-prot/);
    expect(unknown.stderr).toMatch(/usage: collector/);

    const badPort = await runMain(['--http-port', '70000']);
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/--http-port must be a port number 0-65535, got "70000"/);
  });
});
