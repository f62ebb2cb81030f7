import { randomUUID } from 'node:crypto';
import { createServer, type Server as NetServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Server, ServerCredentials, type UntypedServiceImplementation } from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTracing, type Tracing } from './tracing.ts';

// The few OTLP messages and fields this test reads (opentelemetry-proto, trace/v1 and collector/trace/v1).
const OTLP_PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message InstrumentationScope { string name = 1; string version = 2; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  repeated KeyValue attributes = 9;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;
const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const SPAN_KIND_INTERNAL = 1;

interface DecodedValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: unknown;
  doubleValue?: number;
}
interface DecodedKeyValue {
  key: string;
  value?: DecodedValue;
}
interface DecodedRequest {
  resourceSpans?: {
    resource?: { attributes?: DecodedKeyValue[] };
    scopeSpans?: {
      scope?: { name: string };
      spans?: {
        traceId: Uint8Array;
        spanId: Uint8Array;
        parentSpanId?: Uint8Array;
        name: string;
        kind: number;
        attributes?: DecodedKeyValue[];
      }[];
    }[];
  }[];
}

/** One exported span, flattened with the resource and scope it came under. */
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: DecodedKeyValue[];
  scopeName: string;
  resource: DecodedKeyValue[];
}

const exportRequest = protobuf.parse(OTLP_PROTO).root.lookupType('ExportTraceServiceRequest');

function flatten(request: DecodedRequest): ReceivedSpan[] {
  // protobufjs leaves an absent bytes field undefined: a root span has no parent_span_id on the wire.
  const hex = (bytes: Uint8Array | undefined) => (bytes ? Buffer.from(bytes).toString('hex') : '');
  return (request.resourceSpans ?? []).flatMap((resourceSpans) =>
    (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        name: span.name,
        kind: span.kind,
        attributes: span.attributes ?? [],
        scopeName: scopeSpans.scope?.name ?? '',
        resource: resourceSpans.resource?.attributes ?? [],
      })),
    ),
  );
}

/** A real OTLP/gRPC trace receiver on a loopback port: decodes every Export call and answers success. */
interface Receiver {
  endpoint: string;
  spans: ReceivedSpan[];
  /** Requests the receiver could not decode, so that a broken test receiver does not pass for a silent relay. */
  failures: string[];
  stop: () => Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const spans: ReceivedSpan[] = [];
  const failures: string[] = [];
  const server = new Server();
  const bytes = (buffer: Buffer) => buffer;
  server.addService(
    {
      export: {
        path: EXPORT_PATH,
        requestStream: false,
        responseStream: false,
        requestSerialize: bytes,
        requestDeserialize: bytes,
        responseSerialize: bytes,
        responseDeserialize: bytes,
      },
    },
    {
      export: (call: { request: Buffer }, callback: (error: Error | null, response?: Buffer) => void) => {
        try {
          spans.push(...flatten(exportRequest.toObject(exportRequest.decode(call.request)) as DecodedRequest));
        } catch (error) {
          failures.push(String(error));
          callback(error as Error);
          return;
        }
        // An empty ExportTraceServiceResponse: full success.
        callback(null, Buffer.alloc(0));
      },
    } as UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    failures,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}

async function eventually<T>(receiver: Receiver, what: string, probe: () => T | undefined): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt += 1) {
    const found = probe();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const failures = receiver.failures.length === 0 ? '' : ` (undecodable requests: ${receiver.failures.join('; ')})`;
  throw new Error(`the receiver never got ${what}${failures}`);
}

function spansOf(spans: ReceivedSpan[], connId: string, count: number): ReceivedSpan[] | undefined {
  const mine = spans.filter((span) =>
    span.attributes.some((a) => a.key === 'conn_id' && a.value?.stringValue === connId),
  );
  return mine.length >= count ? mine : undefined;
}

function named(spans: ReceivedSpan[], name: string): ReceivedSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no ${name} span among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

function stringAttributes(span: ReceivedSpan): Record<string, string> {
  return Object.fromEntries(
    span.attributes.map(({ key, value }) => {
      if (value?.stringValue === undefined)
        throw new Error(`${span.name}.${key} is not a string: ${JSON.stringify(value)}`);
      return [key, value.stringValue];
    }),
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

const settings = {
  serviceName: 'ignored-because-attributes-name-it',
  resourceAttributes: 'service.name=relay-under-test, deployment.environment=ci',
  sampler: undefined,
  samplerArg: undefined,
};

describe('tracing with a live OTLP/gRPC receiver', () => {
  let receiver: Receiver;
  let tracing: Tracing;

  beforeAll(async () => {
    receiver = await startReceiver();
    tracing = await startTracing({ ...settings, endpoint: receiver.endpoint });
  });

  afterAll(async () => {
    await tracing.shutdown(2000);
    await receiver.stop();
  });

  it('§3.1 the outcome names the endpoint and the resolved service name', () => {
    expect(tracing.outcome).toEqual({ state: 'enabled', endpoint: receiver.endpoint, serviceName: 'relay-under-test' });
  });

  it('§3.3 root → child → grandchild keep one trace and their parents across awaits', async () => {
    const connId = randomUUID();
    const eventId = 'ab'.repeat(32);
    const result = await tracing.root('ws.event', { conn_id: connId, event_id: eventId, kind: '1' }, async () => {
      await nextTurn();
      return tracing.child('handle_event', { event_id: eventId, kind: '1', conn_id: connId }, async () => {
        await nextTurn();
        await tracing.child('fan_out_scoped', { conn_id: connId }, async () => nextTurn());
        return 'stored';
      });
    });
    expect(result).toBe('stored');

    const spans = await eventually(receiver, 'the three EVENT spans', () => spansOf(receiver.spans, connId, 3));
    const wsEvent = named(spans, 'ws.event');
    const handleEvent = named(spans, 'handle_event');
    const fanOut = named(spans, 'fan_out_scoped');
    expect(wsEvent.parentSpanId).toBe('');
    expect(handleEvent.parentSpanId).toBe(wsEvent.spanId);
    expect(fanOut.parentSpanId).toBe(handleEvent.spanId);
    expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([wsEvent.traceId]));
    expect(stringAttributes(wsEvent)).toEqual({ conn_id: connId, event_id: eventId, kind: '1' });
  });

  it('§3.3 spans are INTERNAL, carry string attributes and the scope buzz-relay', async () => {
    const connId = randomUUID();
    await tracing.root('ws.req', { conn_id: connId, sub_id: 'sub-1' }, async () => undefined);
    const [span] = await eventually(receiver, 'the ws.req span', () => spansOf(receiver.spans, connId, 1));
    expect(span?.kind).toBe(SPAN_KIND_INTERNAL);
    expect(span?.scopeName).toBe('buzz-relay');
    expect(span && stringAttributes(span)).toEqual({ conn_id: connId, sub_id: 'sub-1' });
  });

  it('§3.2 the resource holds exactly service.name and the OTEL_RESOURCE_ATTRIBUTES pairs', async () => {
    const connId = randomUUID();
    await tracing.root('ws.count', { conn_id: connId, sub_id: 'count-1' }, async () => undefined);
    const [span] = await eventually(receiver, 'the ws.count span', () => spansOf(receiver.spans, connId, 1));
    const resource = Object.fromEntries((span?.resource ?? []).map(({ key, value }) => [key, value]));
    expect(resource).toEqual({
      'service.name': { stringValue: 'relay-under-test' },
      'deployment.environment': { stringValue: 'ci' },
    });
  });

  it('§3.3 root started inside another span still starts a new trace', async () => {
    const connId = randomUUID();
    await tracing.root('ws.auth', { conn_id: connId }, async () => {
      await nextTurn();
      await tracing.root('ws.req', { conn_id: connId, sub_id: 'inner' }, async () => undefined);
    });
    const spans = await eventually(receiver, 'the two root spans', () => spansOf(receiver.spans, connId, 2));
    const outer = named(spans, 'ws.auth');
    const inner = named(spans, 'ws.req');
    expect(inner.parentSpanId).toBe('');
    expect(inner.traceId).not.toBe(outer.traceId);
  });

  it('§3.3 concurrent frames interleaving their awaits keep their children apart', async () => {
    const connIds = [randomUUID(), randomUUID()];
    let release: () => void = () => undefined;
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    await Promise.all(
      connIds.map((connId) =>
        tracing.root('ws.auth', { conn_id: connId }, async () => {
          started += 1;
          if (started === connIds.length) release();
          await bothStarted;
          await tracing.child('handle_auth', { conn_id: connId, event_id: 'cd'.repeat(32) }, async () => nextTurn());
        }),
      ),
    );
    for (const connId of connIds) {
      const spans = await eventually(receiver, `the AUTH spans of ${connId}`, () => spansOf(receiver.spans, connId, 2));
      expect(named(spans, 'handle_auth').parentSpanId).toBe(named(spans, 'ws.auth').spanId);
    }
  });

  it('§3.3 an error thrown by the frame passes through and its span is still ended and exported', async () => {
    const connId = randomUUID();
    const failure = new Error('store unavailable');
    await expect(
      tracing.root('ws.event', { conn_id: connId, event_id: 'ef'.repeat(32), kind: '1' }, async () => {
        await nextTurn();
        throw failure;
      }),
    ).rejects.toBe(failure);
    await eventually(receiver, 'the failed ws.event span', () => spansOf(receiver.spans, connId, 1));
  });
});

describe('tracing decisions and volume', () => {
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
  });

  afterAll(async () => {
    await receiver.stop();
  });

  it('§3.3 a child with no span around it starts a trace of its own', async () => {
    const tracing = await startTracing({ ...settings, endpoint: receiver.endpoint });
    const connId = randomUUID();
    await tracing.child('fan_out_scoped', { conn_id: connId }, async () => nextTurn());
    await tracing.shutdown(10_000);
    const [span] = spansOf(receiver.spans, connId, 1) ?? [];
    expect(span?.name).toBe('fan_out_scoped');
    expect(span?.parentSpanId).toBe('');
  });

  it('§3.1 a root the sampler drops takes its children with it', async () => {
    const tracing = await startTracing({
      ...settings,
      endpoint: receiver.endpoint,
      sampler: 'parentbased_always_off',
    });
    const connId = randomUUID();
    const result = await tracing.root('ws.event', { conn_id: connId, event_id: '02'.repeat(32), kind: '1' }, () =>
      tracing.child('handle_event', { conn_id: connId, event_id: '02'.repeat(32), kind: '1' }, async () => {
        await nextTurn();
        return tracing.child('fan_out_scoped', { conn_id: connId }, async () => 'delivered');
      }),
    );
    expect(result).toBe('delivered');
    await tracing.shutdown(10_000);
    expect(spansOf(receiver.spans, connId, 1)).toBeUndefined();
  });

  it("§3.3 a burst of frames larger than the SDK's default queue reaches the collector whole", async () => {
    const tracing = await startTracing({ ...settings, endpoint: receiver.endpoint });
    const connId = randomUUID();
    const frames = 4000;
    await Promise.all(
      Array.from({ length: frames }, (_, index) =>
        tracing.root('ws.event', { conn_id: connId, event_id: index.toString(16).padStart(64, '0'), kind: '1' }, () =>
          tracing.child('handle_event', { conn_id: connId, event_id: 'x', kind: '1' }, async () => nextTurn()),
        ),
      ),
    );
    await tracing.shutdown(10_000);
    expect(receiver.failures).toEqual([]);
    expect(spansOf(receiver.spans, connId, 2 * frames)?.length).toBe(2 * frames);
  });
});

describe('tracing shutdown', () => {
  it('§1 shutdown flushes a span that ended just before it', async () => {
    const receiver = await startReceiver();
    try {
      const tracing = await startTracing({ ...settings, endpoint: receiver.endpoint });
      const connId = randomUUID();
      await tracing.root('ws.req', { conn_id: connId, sub_id: 'last' }, async () => undefined);
      expect(spansOf(receiver.spans, connId, 1)).toBeUndefined();
      await tracing.shutdown(10_000);
      expect(receiver.failures).toEqual([]);
      expect(spansOf(receiver.spans, connId, 1)?.map((span) => span.name)).toEqual(['ws.req']);
    } finally {
      await receiver.stop();
    }
  });
});

// The exporter's own timeout is 10 s; these tests give shutdown far less and rely on the per-test timeout
// (well under 10 s) to fail if shutdown waited for the exporter instead of its own bound.
describe('tracing against a collector that is not there', () => {
  it('§3.1 with nothing listening, frames still complete and shutdown returns within its bound', {
    timeout: 5000,
  }, async () => {
    const tracing = await startTracing({ ...settings, endpoint: `http://127.0.0.1:${await freePort()}` });
    expect(tracing.outcome.state).toBe('enabled');
    const result = await tracing.root('ws.event', { conn_id: randomUUID(), event_id: '01'.repeat(32), kind: '1' }, () =>
      tracing.child('handle_event', { event_id: '01'.repeat(32), kind: '1' }, async () => 'accepted'),
    );
    expect(result).toBe('accepted');
    await tracing.shutdown(300);
  });

  it('§3.1 with a peer that accepts and never answers, frames still complete and shutdown returns within its bound', {
    timeout: 5000,
  }, async () => {
    const sockets: Socket[] = [];
    const silent: NetServer = createServer((socket) => sockets.push(socket));
    const port = await new Promise<number>((resolve) => {
      silent.listen(0, '127.0.0.1', () => {
        const address = silent.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
    try {
      const tracing = await startTracing({ ...settings, endpoint: `http://127.0.0.1:${port}` });
      const result = await tracing.root('ws.req', { conn_id: randomUUID(), sub_id: 'hung' }, async () => 'eose');
      expect(result).toBe('eose');
      await tracing.shutdown(300);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
