import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oracleAvailability, runOracle } from '../../../oracle/client/run-oracle.ts';
import { type RunningCollector, startCollector } from '../collector/launch.ts';
import type { CollectedSpan } from '../collector/model.ts';
import { waitForSpans } from '../collector/query-client.ts';
import { judgeTraces } from './judge-traces.ts';
import type { SentFrame } from './sent-frames.ts';
import { FRAME_SPANS } from './span-contract.ts';

// CONTRACT §3.3 and §6 against the Rust crates: the oracle opens the spans buzz-relay opens for these frames, with
// its field declarations, record calls and subscriber stack, and exports them with opentelemetry-otlp's tonic
// exporter to the suite's fake collector. The trace judge must accept them under profile buzz except for the
// known ws.event deviation, reported exactly as such; and what arrives fixes the attribute types on the wire.

const eventId = () => randomBytes(32).toString('hex');

const FRAMES: readonly SentFrame[] = [
  { type: 'AUTH', client: 'alice', eventId: eventId() },
  { type: 'EVENT', client: 'alice', eventId: eventId(), name: 'note', kind: 1 },
  { type: 'EVENT', client: 'alice', eventId: eventId(), name: 'long-form', kind: 30023, fanOut: false },
  { type: 'REQ', client: 'alice', subId: 'feed' },
  { type: 'AUTH', client: 'bob', eventId: eventId() },
  { type: 'EVENT', client: 'bob', eventId: eventId(), name: 'group', kind: 9, fanOut: true },
  { type: 'COUNT', client: 'bob', subId: 'count ✓ "1"' },
];

const SPAN_COUNT = FRAMES.reduce(
  (n, f) =>
    n +
    (f.type === 'EVENT' && f.fanOut === false
      ? 2
      : (FRAME_SPANS[f.type as keyof typeof FRAME_SPANS]?.spans.length ?? 0)),
  0,
);
const EVENTS = FRAMES.filter((f) => f.type === 'EVENT');

const availability = oracleAvailability();

describe.skipIf(availability.state !== 'ready')(
  '[oracle] spans: the Rust stack exports what the trace judge expects',
  () => {
    let collector: RunningCollector | undefined;
    let spans: readonly CollectedSpan[];
    let connIds: Record<string, string>;

    beforeAll(async () => {
      collector = await startCollector({ mode: 'process' });
      const answer = (await runOracle(
        'spans',
        { OTEL_EXPORTER_OTLP_ENDPOINT: collector.grpcEndpoint },
        JSON.stringify(FRAMES),
      )) as { connIds: Record<string, string> };
      connIds = answer.connIds;
      spans = await waitForSpans(collector.queryUrl, (s) => s.length >= SPAN_COUNT, { timeoutMs: 10_000 });
    }, 60_000);

    afterAll(async () => {
      await collector?.stop();
    });

    it('§3.3 the collector decodes the Rust exporter: every span came over OTLP/gRPC', () => {
      expect(spans).toHaveLength(SPAN_COUNT);
      expect(new Set(spans.map((s) => s.transport))).toEqual(new Set(['grpc']));
    });

    it('§3.3 §6 the judge accepts them under profile buzz but for ws.event lacking its own event_id and kind', () => {
      const findings = judgeTraces({ spans, frames: FRAMES, env: {}, profile: 'buzz' });
      const expected = EVENTS.flatMap(() => ['event_id', 'kind']).map(() => 'spans.ws-event-attributes');
      expect(findings.map((f) => f.clause)).toEqual(expected);
      for (const f of findings)
        expect(f.message).toMatch(
          /ws\.event has no (event_id|kind) attribute; the suite asserts it on ws\.event itself/,
        );
    });

    it('§3.3 the contract attributes go over the wire as strings, kind (a u32 in Rust) as its decimal text', () => {
      const byName = (name: string) => spans.filter((s) => s.name === name);
      const handleEvent = byName('handle_event').map((s) => s.attributes.kind);
      expect(handleEvent).toEqual(
        expect.arrayContaining([
          { type: 'string', value: '1' },
          { type: 'string', value: '30023' },
        ]),
      );
      for (const span of spans) {
        for (const key of ['conn_id', 'event_id', 'kind', 'sub_id']) {
          const value = span.attributes[key];
          if (value !== undefined)
            expect({ span: span.name, key, type: value.type }).toEqual({ span: span.name, key, type: 'string' });
        }
      }
      expect(byName('ws.count')[0]?.attributes.sub_id).toEqual({ type: 'string', value: 'count ✓ "1"' });
      expect(new Set(byName('ws.auth').map((s) => (s.attributes.conn_id as { value: string }).value))).toEqual(
        new Set(Object.values(connIds)),
      );
    });

    it('§3.3 the judge would fail the same spans if Rust sent kind as an integer', () => {
      const retyped = spans.map((s) => {
        const kind = s.attributes.kind;
        return kind?.type === 'string'
          ? { ...s, attributes: { ...s.attributes, kind: { type: 'int' as const, value: kind.value } } }
          : s;
      });
      const clauses = judgeTraces({ spans: retyped, frames: FRAMES, env: {}, profile: 'buzz' }).map((f) => f.clause);
      expect(clauses.filter((c) => c === 'spans.attribute-values')).toHaveLength(EVENTS.length);
    });
  },
);
