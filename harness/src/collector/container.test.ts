// Container mode: the same collector, bundled into an image built on the local Node base image.
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, inject, it } from 'vitest';
import { startCollector } from './launch.ts';
import { fetchConnections, waitForSpans } from './query-client.ts';
import { emitSampleTrace, providerFor, uniqueService } from './test-spans.ts';

// Only where this run uses containers: with BUZZ_COMPAT_SERVICES=local or external a run touches no Docker engine.
const containersInUse = inject('services').mode === 'containers';
const skipReason = containersInUse ? '' : ' (skipped: this run does not use containers)';

describe.skipIf(!containersInUse)(`collector in a container${skipReason}`, () => {
  it('§3.1 receives gRPC exports from the host, serves them on the mapped query port, and stops', async () => {
    const collector = await startCollector({ mode: 'container' });
    try {
      expect(collector.mode).toBe('container');
      expect(collector.grpcEndpoint).toMatch(/^http:\/\/[^/]+:\d+$/);

      const service = uniqueService('container');
      const provider = providerFor(
        service,
        new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: collector.grpcEndpoint }) }),
      );
      const sample = emitSampleTrace(provider);
      await provider.forceFlush();
      await provider.shutdown();

      const spans = await waitForSpans(collector.queryUrl, (found) => found.length === 2, {
        service,
        timeoutMs: 10_000,
      });
      expect(spans.map((span) => span.traceId)).toEqual([sample.traceId, sample.traceId]);
      // Behind Docker's port mapping the remote address is the proxy's, so only the count is meaningful.
      expect((await fetchConnections(collector.queryUrl)).filter((c) => c.listener === 'grpc').length).toBeGreaterThan(
        0,
      );
    } finally {
      await collector.stop();
    }
    await expect(fetch(`${collector.queryUrl}/healthz`)).rejects.toThrow();
  }, 180_000);

  it('§3.1 a base image that is not local is refused with a message, never pulled', async () => {
    await expect(startCollector({ mode: 'container', nodeImage: 'buzz-compat-absent/node:0' })).rejects.toThrow(
      /base image "buzz-compat-absent\/node:0" \(from the nodeImage option\) is not in the local Docker image store/,
    );
  });
});
