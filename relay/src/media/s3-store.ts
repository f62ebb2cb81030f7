import { createHash, createHmac } from 'node:crypto';
import type { S3Config } from '../config.ts';

// The S3 object calls the relay needs (PUT, GET, HEAD), path-style and signed with SigV4, as buzz talks to its
// bucket. Region us-east-1: S3-compatible servers (MinIO, versitygw) accept it whatever they are set to.
// Conditional PUTs (If-None-Match / If-Match) let callers create once or swap a pointer without a lock.

export interface S3Object {
  readonly data: Buffer;
  readonly size: number;
  readonly contentType: string | undefined;
  readonly etag: string;
}

export type S3ObjectInfo = Omit<S3Object, 'data'>;

export type PutResult =
  | { readonly status: 'written'; readonly etag: string }
  | { readonly status: 'precondition-failed' };

export interface PutOptions {
  readonly contentType?: string;
  /** Write only when no object has the key. */
  readonly ifAbsent?: boolean;
  /** Write only when the current object has this ETag. */
  readonly ifMatch?: string;
}

export interface S3Store {
  put(key: string, data: Buffer, options?: PutOptions): Promise<PutResult>;
  /** The object, or undefined when the bucket has no such key. */
  get(key: string): Promise<S3Object | undefined>;
  head(key: string): Promise<S3ObjectInfo | undefined>;
}

/** The store answered with an HTTP status the caller cannot treat as an outcome. */
export class S3StoreError extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'S3StoreError';
    this.status = status;
  }
}

const REGION = 'us-east-1';
const SERVICE = 's3';

export function createS3Store(config: S3Config): S3Store {
  const base = config.endpoint.replace(/\/+$/, '');
  const where = (method: string, key: string) => `${method} s3 object ${config.bucket}/${key} at ${base}`;

  async function send(method: string, key: string, body?: Buffer, extra: Record<string, string> = {}) {
    const url = new URL(`${base}/${config.bucket}/${key.split('/').map(encodeSegment).join('/')}`);
    const payloadHash = sha256Hex(body ?? Buffer.alloc(0));
    const amzDate = new Date()
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const headers: Record<string, string> = {
      ...extra,
      host: url.host,
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate,
    };
    const authorization = sign(config, method, url.pathname, headers, payloadHash, amzDate);
    const { host: _host, ...sent } = headers;
    try {
      return await fetch(url, {
        method,
        headers: { ...sent, authorization },
        ...(body === undefined ? {} : { body: new Uint8Array(body) }),
      });
    } catch (error) {
      const cause =
        error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new Error(`${where(method, key)} failed: ${cause} (check BUZZ_S3_ENDPOINT)`, { cause: error });
    }
  }

  async function failure(method: string, key: string, response: Response): Promise<S3StoreError> {
    const text = method === 'HEAD' ? '' : await response.text();
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    return new S3StoreError(
      `${where(method, key)} answered HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`,
      response.status,
    );
  }

  // A 404 is a missing key only when the store says so; a missing bucket is a configuration error.
  async function isMissingKey(method: string, response: Response): Promise<boolean> {
    if (response.status !== 404) return false;
    if (method === 'HEAD') return true;
    const text = await response.clone().text();
    return !/<Code>NoSuchBucket<\/Code>/.test(text);
  }

  const infoOf = (response: Response, size: number): S3ObjectInfo => ({
    size,
    contentType: response.headers.get('content-type') ?? undefined,
    etag: response.headers.get('etag') ?? '',
  });

  return {
    async put(key, data, options = {}) {
      const extra: Record<string, string> = {};
      if (options.contentType !== undefined) extra['content-type'] = options.contentType;
      if (options.ifAbsent === true) extra['if-none-match'] = '*';
      if (options.ifMatch !== undefined) extra['if-match'] = options.ifMatch;
      const response = await send('PUT', key, data, extra);
      if (response.status === 412) {
        await response.arrayBuffer();
        return { status: 'precondition-failed' };
      }
      if (!response.ok) throw await failure('PUT', key, response);
      await response.arrayBuffer();
      return { status: 'written', etag: response.headers.get('etag') ?? '' };
    },
    async get(key) {
      const response = await send('GET', key);
      if (await isMissingKey('GET', response)) {
        await response.arrayBuffer();
        return undefined;
      }
      if (!response.ok) throw await failure('GET', key, response);
      const data = Buffer.from(await response.arrayBuffer());
      return { data, ...infoOf(response, data.length) };
    },
    async head(key) {
      const response = await send('HEAD', key);
      await response.arrayBuffer();
      if (await isMissingKey('HEAD', response)) return undefined;
      if (!response.ok) throw await failure('HEAD', key, response);
      return infoOf(response, Number(response.headers.get('content-length') ?? 0));
    },
  };
}

function sign(
  config: S3Config,
  method: string,
  path: string,
  headers: Record<string, string>,
  payloadHash: string,
  amzDate: string,
): string {
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  const canonicalHeaders = names.map((name) => `${name}:${headers[name]!.trim()}\n`).join('');
  const canonicalRequest = [method, path, '', canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${REGION}/${SERVICE}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(Buffer.from(canonicalRequest))].join('\n');
  let key: Buffer = hmac(`AWS4${config.secretKey}`, day);
  for (const part of [REGION, SERVICE, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return `AWS4-HMAC-SHA256 Credential=${config.accessKey}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

// SigV4 wants RFC 3986 escaping of each path segment; encodeURIComponent leaves !'()* alone.
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
