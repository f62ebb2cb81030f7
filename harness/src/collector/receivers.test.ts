// The collector as a child process, fed by the real OpenTelemetry exporter and serializers, read back over its
// query API.
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BatchSpanProcessor,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningCollector, startCollector } from './launch.ts';
import type { CollectedSpan, ConnectionRecord } from './model.ts';
import { rpcStatusType } from './otlp-proto.ts';
import { fetchConnections, fetchSpans, resetCollector, waitForSpans } from './query-client.ts';
import { emitSampleTrace, providerFor, type SampleTrace, TEST_SCOPE, uniqueService } from './test-spans.ts';

const WAIT = { timeoutMs: 10_000 };

let collector: RunningCollector;

beforeAll(async () => {
  collector = await startCollector({ mode: 'process' });
});

afterAll(async () => {
  await collector?.stop();
});

async function exportOverGrpc(service: string, compression = CompressionAlgorithm.NONE): Promise<SampleTrace> {
  const exporter = new OTLPTraceExporter({ url: collector.grpcEndpoint, compression });
  const provider = providerFor(service, new BatchSpanProcessor({ exporter }));
  const sample = emitSampleTrace(provider);
  await provider.forceFlush();
  await provider.shutdown();
  return sample;
}

/** Finished SDK spans, for the tests that serialize and POST them by hand. */
async function finishedSpans(service: string): Promise<{ sample: SampleTrace; spans: ReadableSpan[] }> {
  const memory = new InMemorySpanExporter();
  const provider = providerFor(service, new SimpleSpanProcessor({ exporter: memory }));
  const sample = emitSampleTrace(provider);
  await provider.forceFlush();
  const spans = memory.getFinishedSpans();
  await provider.shutdown();
  return { sample, spans };
}

function postTraces(body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${collector.httpEndpoint}/v1/traces`, { method: 'POST', headers, body });
}

async function twoSpans(service: string): Promise<{ parent: CollectedSpan; child: CollectedSpan }> {
  const spans = await waitForSpans(collector.queryUrl, (found) => found.length >= 2, { ...WAIT, service });
  expect(spans).toHaveLength(2);
  const parent = spans.find((span) => span.name === 'ws.event');
  const child = spans.find((span) => span.name === 'handle_event');
  if (parent === undefined || child === undefined) throw new Error(`unexpected span names: ${JSON.stringify(spans)}`);
  return { parent, child };
}

function expectSampleTrace(parent: CollectedSpan, child: CollectedSpan, sample: SampleTrace, service: string): void {
  expect(parent.traceId).toMatch(/^[0-9a-f]{32}$/);
  expect(parent.spanId).toMatch(/^[0-9a-f]{16}$/);
  expect(parent).toMatchObject({ traceId: sample.traceId, spanId: sample.parentSpanId, parentSpanId: '', kind: 1 });
  expect(child).toMatchObject({
    traceId: sample.traceId,
    spanId: sample.childSpanId,
    parentSpanId: sample.parentSpanId,
  });
  expect(parent.resource).toEqual({
    'service.name': { type: 'string', value: service },
    'deployment.environment': { type: 'string', value: 'test' },
  });
  expect(parent.scope).toEqual(TEST_SCOPE);
  expect(child.attributes).toEqual({ event_id: { type: 'string', value: 'ab'.repeat(32) } });
  expect(parent.status).toEqual({ code: 0, message: '' });
  expect(BigInt(parent.startTimeUnixNano)).toBeGreaterThan(1_600_000_000_000_000_000n);
  expect(BigInt(parent.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(parent.startTimeUnixNano));
}

describe('OTLP/gRPC receiver', () => {
  it('§3.1 spans from the real gRPC exporter come back with hex ids, parent link, resource and scope', async () => {
    const service = uniqueService('grpc');
    const sample = await exportOverGrpc(service);
    const { parent, child } = await twoSpans(service);
    expectSampleTrace(parent, child, sample, service);
    expect(parent.transport).toBe('grpc');
    expect(child.seq).not.toBe(parent.seq);
  });

  it('§3.3 attribute values keep their wire types (string "1" is not int 1)', async () => {
    const service = uniqueService('types');
    await exportOverGrpc(service);
    const { parent } = await twoSpans(service);
    expect(parent.attributes).toEqual({
      kind: { type: 'string', value: '1' },
      count: { type: 'int', value: '7' },
      ratio: { type: 'double', value: 0.5 },
      ok: { type: 'bool', value: true },
      off: { type: 'bool', value: false },
      tags: {
        type: 'array',
        value: [
          { type: 'string', value: 'a' },
          { type: 'string', value: 'b' },
        ],
      },
    });
  });

  it('§3.1 gzip-compressed gRPC messages are accepted', async () => {
    const service = uniqueService('grpc-gzip');
    const sample = await exportOverGrpc(service, CompressionAlgorithm.GZIP);
    const { parent, child } = await twoSpans(service);
    expectSampleTrace(parent, child, sample, service);
  });

  it('§3.1 a malformed gRPC message gets INVALID_ARGUMENT with the decoding error', async () => {
    const address = new URL(collector.grpcEndpoint).host;
    const RawClient = grpc.makeGenericClientConstructor(
      {
        export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (bytes: Buffer) => bytes,
          requestDeserialize: (bytes: Buffer) => bytes,
          responseSerialize: (bytes: Buffer) => bytes,
          responseDeserialize: (bytes: Buffer) => bytes,
        },
      },
      'TraceService',
    );
    const client = new RawClient(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
      export(request: Buffer, callback: (error: grpc.ServiceError | null) => void): void;
    };
    // Field 1 (resource_spans), length-delimited, whose length varint never ends.
    const truncated = Buffer.from([0x0a, 0xff]);
    const error = await new Promise<grpc.ServiceError | null>((resolve) => client.export(truncated, resolve));
    client.close();
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/not a valid protobuf ExportTraceServiceRequest/);
  });
});

describe('OTLP/HTTP receiver', () => {
  it('§3.1 protobuf bodies, plain and gzip, are stored and answered with an ExportTraceServiceResponse', async () => {
    for (const gzip of [false, true]) {
      const service = uniqueService(gzip ? 'http-pb-gzip' : 'http-pb');
      const { sample, spans } = await finishedSpans(service);
      const body = ProtobufTraceSerializer.serializeRequest(spans)!;
      const response = await postTraces(gzip ? gzipSync(body) : body, {
        'content-type': 'application/x-protobuf',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/x-protobuf');
      expect(ProtobufTraceSerializer.deserializeResponse(new Uint8Array(await response.arrayBuffer()))).toEqual({});
      const { parent, child } = await twoSpans(service);
      expectSampleTrace(parent, child, sample, service);
      expect(parent.transport).toBe('http-protobuf');
    }
  });

  it('§3.1 JSON bodies from the OpenTelemetry JSON serializer are stored, plain and gzip', async () => {
    for (const gzip of [false, true]) {
      const service = uniqueService(gzip ? 'http-json-gzip' : 'http-json');
      const { sample, spans } = await finishedSpans(service);
      const body = JsonTraceSerializer.serializeRequest(spans)!;
      const response = await postTraces(gzip ? gzipSync(body) : body, {
        'content-type': 'application/json',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({});
      const { parent, child } = await twoSpans(service);
      expectSampleTrace(parent, child, sample, service);
      expect(parent.transport).toBe('http-json');
      expect(parent.attributes.count).toEqual({ type: 'int', value: '7' });
    }
  });

  it('§3.1 OTLP/JSON int64 may be a number or a string, ids are hex in either case, enums are numbers', async () => {
    const service = uniqueService('json-rules');
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [
            {
              scope: { name: 'hand-built' },
              spans: [
                {
                  traceId: '5B8EFFF798038103D269B633813FC60C',
                  spanId: 'EEE19B7EC3C1B174',
                  parentSpanId: 'eee19b7ec3c1b173',
                  name: 'ws.req',
                  kind: 1,
                  startTimeUnixNano: '1544712660000000000',
                  endTimeUnixNano: 1544712661000000000,
                  attributes: [
                    { key: 'big', value: { intValue: '9007199254740993' } },
                    { key: 'small', value: { intValue: 42 } },
                    { key: 'raw', value: { bytesValue: 'AQID' } },
                    { key: 'nothing', value: {} },
                  ],
                  status: { code: 2, message: 'boom' },
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await postTraces(JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8' });
    expect(response.status).toBe(200);
    const [span] = await waitForSpans(collector.queryUrl, (found) => found.length === 1, { ...WAIT, service });
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: 'eee19b7ec3c1b173',
      kind: 1,
      startTimeUnixNano: '1544712660000000000',
      endTimeUnixNano: '1544712661000000000',
      scope: { name: 'hand-built', version: '' },
      status: { code: 2, message: 'boom' },
      attributes: {
        big: { type: 'int', value: '9007199254740993' },
        small: { type: 'int', value: '42' },
        raw: { type: 'bytes', value: 'AQID' },
        nothing: { type: 'empty' },
      },
    });
  });

  it('§3.1 a malformed JSON export gets 400 naming the field, and nothing of it is stored', async () => {
    const service = uniqueService('json-bad');
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
          scopeSpans: [{ spans: [{ traceId: 'not-hex', spanId: 'eee19b7ec3c1b174', name: 'x' }] }],
        },
      ],
    };
    const response = await postTraces(JSON.stringify(body), { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    const status = (await response.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[0\]\.traceId: expected a hex string/);
    expect(await fetchSpans(collector.queryUrl, { service })).toEqual([]);
  });

  it('§3.1 a malformed protobuf export gets 400 with a protobuf google.rpc.Status', async () => {
    const response = await postTraces(Buffer.from([0x0a, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    const status = rpcStatusType.toObject(rpcStatusType.decode(new Uint8Array(await response.arrayBuffer())));
    expect(status).toEqual({
      code: 3,
      message: expect.stringMatching(/^not a valid protobuf ExportTraceServiceRequest/),
    });
  });

  it('§3.1 an unknown Content-Type gets 415 and a wrong path 404, each saying what to send', async () => {
    const wrongType = await postTraces('{}', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(((await wrongType.json()) as { message: string }).message).toMatch(
      /application\/x-protobuf or application\/json/,
    );
    const wrongPath = await fetch(`${collector.httpEndpoint}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongPath.status).toBe(404);
    expect(((await wrongPath.json()) as { message: string }).message).toMatch(/POST \/v1\/traces/);
  });
});

describe('connection ledger and query API', () => {
  function connectAndClose(endpoint: string): Promise<number> {
    const { hostname, port } = new URL(endpoint);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        const localPort = socket.localPort!;
        socket.end(() => resolve(localPort));
      });
      socket.once('error', reject);
    });
  }

  /** The server may accept a connection a moment after the client saw it open, so poll (bounded). */
  async function connectionsOnceSeen(clientPorts: readonly number[]): Promise<readonly ConnectionRecord[]> {
    const deadline = Date.now() + WAIT.timeoutMs;
    for (;;) {
      const connections = await fetchConnections(collector.queryUrl);
      const seen = clientPorts.every((port) => connections.some((c) => c.remotePort === port));
      if (seen || Date.now() >= deadline) return connections;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('§3.1 the ledger counts a bare TCP connect to each receiver, and never one to the query API', async () => {
    const queryClientPort = await connectAndClose(collector.queryUrl);
    const grpcClientPort = await connectAndClose(collector.grpcEndpoint);
    const httpClientPort = await connectAndClose(collector.httpEndpoint);
    const connections = await connectionsOnceSeen([grpcClientPort, httpClientPort]);
    const from = (port: number) => connections.filter((c) => c.remotePort === port);
    expect(from(grpcClientPort).map((c) => c.listener)).toEqual(['grpc']);
    expect(from(httpClientPort).map((c) => c.listener)).toEqual(['http']);
    expect(from(httpClientPort)[0]?.remoteAddress).toMatch(/127\.0\.0\.1$/);
    expect(from(queryClientPort)).toEqual([]);
  });

  it('§3.1 POST /reset forgets spans and connections, and numbering starts again at 0', async () => {
    await exportOverGrpc(uniqueService('before-reset'));
    await connectAndClose(collector.httpEndpoint);
    expect((await fetchSpans(collector.queryUrl)).length).toBeGreaterThan(0);
    expect((await fetchConnections(collector.queryUrl)).length).toBeGreaterThan(0);

    await resetCollector(collector.queryUrl);
    expect(await fetchSpans(collector.queryUrl)).toEqual([]);
    expect(await fetchConnections(collector.queryUrl)).toEqual([]);

    const service = uniqueService('after-reset');
    await exportOverGrpc(service);
    const spans = await waitForSpans(collector.queryUrl, (found) => found.length === 2, { ...WAIT, service });
    expect(spans.map((span) => span.seq).sort()).toEqual([0, 1]);
  });

  it('§3.2 GET /spans?service= returns only that service’s spans', async () => {
    const mine = uniqueService('mine');
    const other = uniqueService('other');
    await exportOverGrpc(mine);
    await exportOverGrpc(other);
    await waitForSpans(collector.queryUrl, (found) => found.length === 2, { ...WAIT, service: other });
    const spans = await fetchSpans(collector.queryUrl, { service: mine });
    expect(spans).toHaveLength(2);
    expect(spans.every((span) => span.resource['service.name']?.type === 'string')).toBe(true);
    expect(new Set(spans.map((span) => JSON.stringify(span.resource['service.name'])))).toEqual(
      new Set([JSON.stringify({ type: 'string', value: mine })]),
    );
  });

  it('waitForSpans times out with a message that says how many spans it saw', async () => {
    const service = uniqueService('never');
    await expect(
      waitForSpans(collector.queryUrl, (found) => found.length > 0, { service, timeoutMs: 200 }),
    ).rejects.toThrow(/condition not met after 200 ms; .* held 0 span\(s\) for service\.name=/);
  });

  it('the query API answers /healthz and names its endpoints on an unknown path', async () => {
    expect((await fetch(`${collector.queryUrl}/healthz`)).status).toBe(200);
    const unknown = await fetch(`${collector.queryUrl}/nope`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/\/spans, \/connections, \/reset, \/healthz/);
  });
});
