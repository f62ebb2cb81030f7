import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCollector } from './launch.ts';

describe('startCollector (process mode)', () => {
  it('§3.1 fails with a message naming the collector when no ready line comes within the bound', async () => {
    await expect(startCollector({ mode: 'process', readyTimeoutMs: 1 })).rejects.toThrow(
      /fake OTLP collector \(.*main\.ts\) printed no ready line within 1 ms; its stderr:/,
    );
  });

  it('§3.1 hands out loopback endpoints, and stop() leaves nothing listening', async () => {
    const collector = await startCollector({ mode: 'process' });
    expect(collector.mode).toBe('process');
    for (const url of [collector.grpcEndpoint, collector.httpEndpoint, collector.queryUrl]) {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect((await fetch(`${collector.queryUrl}/healthz`)).status).toBe(200);
    await collector.stop();
    await expect(fetch(`${collector.queryUrl}/healthz`)).rejects.toThrow();
  });

  it('a test worker terminated with SIGTERM before stop() takes its collector with it', async () => {
    const worker = spawn(process.execPath, [join(import.meta.dirname, 'test-support/start-and-wait.ts')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    worker.stdout.setEncoding('utf8');
    const [queryUrl] = (await once(worker.stdout, 'data')) as [string];
    expect((await fetch(`${queryUrl.trim()}/healthz`)).status).toBe(200);
    worker.kill('SIGTERM');
    await once(worker, 'exit');
    await expect(fetch(`${queryUrl.trim()}/healthz`)).rejects.toThrow();
  });
});
