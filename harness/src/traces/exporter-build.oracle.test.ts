import { describe, expect, it } from 'vitest';
import { oracleAvailability, runOracle } from '../../../oracle/client/run-oracle.ts';

// CONTRACT §3.1 against buzz-relay's tracer set-up itself (oracle/src/telemetry.rs: presence of
// OTEL_EXPORTER_OTLP_ENDPOINT is the switch, then opentelemetry-otlp 0.32's tonic builder). The suite's tracing.*
// clauses rest on these answers: tracing.switch, tracing.empty-endpoint and the unbuildable endpoint of
// harness/suite/tracing-resilience.test.ts.

type Answer =
  | { readonly tracer: 'enabled' | 'disabled' }
  | { readonly tracer: 'exporter-build-failed'; readonly error: string };

const ask = (env: Record<string, string>) => runOracle('exporter-build', env) as Promise<Answer>;
const availability = oracleAvailability();

describe.skipIf(availability.state !== 'ready')(
  '[oracle] exporter build: what the Rust stack does with OTEL_EXPORTER_OTLP_ENDPOINT',
  () => {
    it('§3.1 [tracing.switch] unset: no tracer at all, even with OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set', async () => {
      expect(await ask({})).toEqual({ tracer: 'disabled' });
      expect(await ask({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4317' })).toEqual({
        tracer: 'disabled',
      });
    });

    it('§3.1 a collector URL: the exporter builds (its channel is lazy, nothing is dialled yet)', async () => {
      expect(await ask({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317' })).toEqual({ tracer: 'enabled' });
    });

    it('§6 [tracing.empty-endpoint] empty: the exporter does not build (an empty URI), so there is no tracing', async () => {
      expect(await ask({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({
        tracer: 'exporter-build-failed',
        error: expect.stringContaining('invalid URI'),
      });
    });

    it.each(['http://exa mple:4317', 'not-a-valid-uri:///bad'])(
      '§3.1 [tracing.exporter-failure] %j: the exporter does not build',
      async (endpoint) => {
        expect(await ask({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })).toEqual({
          tracer: 'exporter-build-failed',
          error: `invalid URI ${endpoint}. Reason invalid URI`,
        });
      },
    );

    it('§3.1 once tracing is on, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is the URL the exporter builds from', async () => {
      expect(
        await ask({ OTEL_EXPORTER_OTLP_ENDPOINT: '', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:4317' }),
      ).toEqual({ tracer: 'enabled' });
      expect(
        await ask({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4317', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: '' }),
      ).toMatchObject({ tracer: 'exporter-build-failed' });
    });
  },
);
