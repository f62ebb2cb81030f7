// OTLP/HTTP `POST /v1/traces`, protobuf or JSON bodies, optionally gzip-compressed.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gunzip } from 'node:zlib';
import { decodeJsonExport } from './decode-json.ts';
import { decodeProtobufExport } from './decode-protobuf.ts';
import { closeServer, listen, trackSockets } from './listen.ts';
import { exportResponseType, rpcStatusType } from './otlp-proto.ts';
import { OtlpDecodeError, type ReceivedSpan } from './received-span.ts';
import type { Receiver, ReceiverOptions } from './receiver.ts';
import type { SpanStore } from './span-store.ts';

const TRACES_PATH = '/v1/traces';
const MAX_BODY_BYTES = 64 * 1024 * 1024;
/** google.rpc.Code INVALID_ARGUMENT, which OTLP/HTTP puts in the Status body of a 400. */
const INVALID_ARGUMENT = 3;

type BodyFormat = 'protobuf' | 'json';

/** A request the receiver refuses, with the HTTP status to answer. */
class RequestError extends Error {
  override name = 'RequestError';
  status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export async function startHttpReceiver(options: ReceiverOptions): Promise<Receiver> {
  const { store, ledger, onReject } = options;
  const server = createServer((request, response) => {
    handle(request, response, store, onReject).catch((error: unknown) => {
      onReject('http', `internal error: ${(error as Error).message}`);
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('internal error');
    });
  });
  server.on('connection', (socket) => ledger.record('http', socket));
  const sockets = trackSockets(server);
  const port = await listen(server, options.host, options.port, 'OTLP/HTTP receiver');
  return { port, close: () => closeServer(server, sockets) };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  store: SpanStore,
  onReject: ReceiverOptions['onReject'],
): Promise<void> {
  const format = formatOf(request.headers['content-type']);
  try {
    const path = new URL(request.url ?? '/', 'http://collector').pathname;
    if (path !== TRACES_PATH) throw new RequestError(404, `no such endpoint ${path}; traces go to POST ${TRACES_PATH}`);
    if (request.method !== 'POST') throw new RequestError(405, `${TRACES_PATH} accepts POST only`);
    if (format === undefined) {
      throw new RequestError(
        415,
        `unsupported Content-Type ${JSON.stringify(request.headers['content-type'] ?? '')}; ` +
          'send application/x-protobuf or application/json',
      );
    }
    const body = await readBody(request);
    const spans = decode(format, body);
    store.add(spans, format === 'json' ? 'http-json' : 'http-protobuf');
    reply(response, 200, format, format === 'json' ? {} : exportResponseType.create({}));
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    onReject(format === 'json' ? 'http-json' : 'http-protobuf', error.message);
    if (error.status === 405) response.setHeader('allow', 'POST');
    reply(response, error.status, format ?? 'json', { code: INVALID_ARGUMENT, message: error.message });
  }
}

function formatOf(contentType: string | undefined): BodyFormat | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  return undefined;
}

function decode(format: BodyFormat, body: Buffer): ReceivedSpan[] {
  try {
    return format === 'json' ? decodeJsonExport(body.toString('utf8')) : decodeProtobufExport(body);
  } catch (error) {
    if (error instanceof OtlpDecodeError) throw new RequestError(400, error.message);
    throw error;
  }
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== 'gzip') {
    throw new RequestError(415, `unsupported Content-Encoding ${JSON.stringify(encoding)}; send gzip or none`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RequestError(413, `body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  if (encoding === 'identity') return raw;
  return new Promise((resolve, reject) => {
    gunzip(raw, { maxOutputLength: MAX_BODY_BYTES }, (error, inflated) => {
      if (error)
        reject(new RequestError(400, `Content-Encoding is gzip but the body does not inflate: ${error.message}`));
      else resolve(inflated);
    });
  });
}

/** Answers in the request's own format, as OTLP/HTTP requires (Status for errors, the response message otherwise). */
function reply(response: ServerResponse, status: number, format: BodyFormat, message: object): void {
  if (format === 'json') {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(message));
    return;
  }
  const type = status === 200 ? exportResponseType : rpcStatusType;
  response.writeHead(status, { 'content-type': 'application/x-protobuf' });
  response.end(type.encode(type.create(message)).finish());
}
