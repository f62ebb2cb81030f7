import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Route } from '../http/route.ts';
import { mimeLabel } from '../metrics/labels.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { type BlobInfo, findBlob, findBlobInfo, storeBlob } from './blob-store.ts';
import { coversBody, verifyUploadAuthorization } from './blossom-auth.ts';
import { readBody } from './read-body.ts';
import type { S3Store } from './s3-store.ts';
import { sniffMime } from './sniff-mime.ts';

// Blossom media as the buzz snapshot serves it: `PUT /media/upload` stores a blob in the object store,
// `GET`/`HEAD /media/{sha256_ext}` serve it. Each stored upload counts in buzz_media_uploads_total{mime} and
// writes one audit entry. The snapshot limits neither the rate nor the concurrency of uploads.

export interface MediaConfig {
  /** Largest accepted body; larger uploads get 413. */
  readonly maxBytes: number;
  /** The relay's public URL; blob URLs are its http(s) twin plus `/media/<sha256>.<ext>`. */
  readonly relayUrl: string;
}

export interface MediaRoutesOptions {
  readonly store: S3Store;
  readonly metrics: MetricsRegistry;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly log: Logger;
  readonly config: MediaConfig;
}

/** BUD-02 blob descriptor. */
export interface BlobDescriptor {
  readonly url: string;
  readonly sha256: string;
  readonly size: number;
  readonly type: string;
  readonly uploaded: number;
}

// buzz's path forms: `<sha256>` or `<sha256>.<ext>` (ext 1-8 of [a-z0-9]); anything else is 404.
const BLOB_NAME = /^([0-9a-f]{64})(?:\.[a-z0-9]{1,8})?$/;

/** buzz's audit kind for a stored upload (KIND_MEDIA_UPLOAD). */
const MEDIA_UPLOAD_KIND = 49001;
const AUTH_FAILED = 'authentication failed';

// BUD-01: every response carries CORS headers, so web clients on other origins can use the blobs.
const CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-headers': 'Authorization, *',
  'access-control-allow-methods': 'GET, HEAD, PUT, DELETE',
  'access-control-max-age': '86400',
} as const;

export function createMediaRoutes({ store, metrics, audit, log, config }: MediaRoutesOptions): Route[] {
  checkConfig(config);
  const mediaBaseUrl = mediaBaseUrlFor(config.relayUrl);
  const uploads = metrics.counter('buzz_media_uploads_total');

  const describe = (blob: BlobInfo): BlobDescriptor => ({
    url: `${mediaBaseUrl}/${blob.sha256}.${blob.ext}`,
    sha256: blob.sha256,
    size: blob.size,
    type: blob.mime,
    uploaded: Math.floor(blob.uploadedAt.getTime() / 1000),
  });

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const declared = req.headers['x-sha-256'];
    const authorization = verifyUploadAuthorization(
      req.headers.authorization,
      typeof declared === 'string' ? declared : undefined,
      Math.floor(Date.now() / 1000),
    );
    if (!authorization.ok) {
      log.debug({ reason: authorization.reason }, 'media upload authorization refused');
      return refuse(res, 401, AUTH_FAILED);
    }
    const pubkey = authorization.event.pubkey;

    const declaredLength = Number(req.headers['content-length']);
    if (declaredLength > config.maxBytes) return refuse(res, 413, tooLargeReason(config.maxBytes));

    const body = await readBody(req, config.maxBytes);
    if (body.kind === 'aborted') {
      log.debug({ pubkey }, 'media upload aborted by the client');
      return;
    }
    if (body.kind === 'too-large') {
      return refuse(res, 413, tooLargeReason(config.maxBytes), { connection: 'close' });
    }
    if (!coversBody(authorization, body.sha256)) {
      log.debug({ pubkey, sha256: body.sha256 }, "media upload body's sha256 is not among the x tags");
      return refuse(res, 401, AUTH_FAILED);
    }

    const mime = sniffMime(body.data);
    let stored: BlobInfo;
    try {
      stored = await storeBlob(store, { sha256: body.sha256, mime, data: body.data });
    } catch (error) {
      log.error({ err: error, pubkey, sha256: body.sha256 }, 'media upload could not be stored');
      return refuse(res, 500, 'internal error');
    }
    // Bytes that were already stored count as an upload too: the client's upload succeeded all the same.
    uploads.inc([mimeLabel(mime)]);
    audit.record({
      action: 'media_uploaded',
      pubkey,
      detail: { eventId: stored.sha256, kind: MEDIA_UPLOAD_KIND, sha256: stored.sha256, size: stored.size, mime },
    });
    sendJson(res, 200, describe(stored));
  }

  async function serve(req: IncomingMessage, res: ServerResponse, name: string | undefined): Promise<void> {
    const withBody = req.method !== 'HEAD';
    const match = BLOB_NAME.exec(name ?? '');
    if (match === null) return refuse(res, 404, 'not found');
    const sha256 = match[1]!;
    let blob: BlobInfo | undefined;
    let data: Buffer | undefined;
    try {
      if (withBody) {
        const found = await findBlob(store, sha256);
        blob = found;
        data = found?.data;
      } else {
        blob = await findBlobInfo(store, sha256);
      }
    } catch (error) {
      log.error({ err: error, sha256 }, 'media blob could not be read');
      return refuse(res, 500, 'internal error');
    }
    if (blob === undefined) return refuse(res, 404, 'not found');

    res.writeHead(200, {
      ...CORS_HEADERS,
      'content-type': blob.mime,
      'content-length': String(blob.size),
      // The type was sniffed by the relay; browsers must not second-guess it into something executable.
      'x-content-type-options': 'nosniff',
      // Content-addressed: the bytes behind this URL never change.
      'cache-control': 'public, max-age=31536000, immutable',
    });
    res.end(data);
  }

  const preflight = async (_req: IncomingMessage, res: ServerResponse): Promise<void> => {
    res.writeHead(204, PREFLIGHT_HEADERS);
    res.end();
  };

  return [
    { method: 'PUT', template: '/media/upload', handle: (req, res) => upload(req, res) },
    { method: 'OPTIONS', template: '/media/upload', handle: preflight },
    {
      method: 'GET',
      template: '/media/{sha256_ext}',
      handle: (req, res, params) => serve(req, res, params.sha256_ext),
    },
    {
      method: 'HEAD',
      template: '/media/{sha256_ext}',
      handle: (req, res, params) => serve(req, res, params.sha256_ext),
    },
    { method: 'OPTIONS', template: '/media/{sha256_ext}', handle: preflight },
  ];
}

function checkConfig(config: MediaConfig): void {
  for (const key of ['maxBytes'] as const) {
    const value = config[key];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new Error(`media config ${key} must be a positive integer, got ${String(value)}`);
    }
  }
}

const HTTP_SCHEME_OF: Readonly<Record<string, string>> = {
  'ws:': 'http:',
  'wss:': 'https:',
  'http:': 'http:',
  'https:': 'https:',
};

/** `ws://host` → `http://host/media`, `wss://host` → `https://host/media` (as buzz derives its media URLs). */
function mediaBaseUrlFor(relayUrl: string): string {
  const url = URL.parse(relayUrl);
  const scheme = url === null ? undefined : HTTP_SCHEME_OF[url.protocol];
  if (url === null || scheme === undefined) {
    throw new Error(`media config relayUrl must be a ws://, wss://, http:// or https:// URL, got "${relayUrl}"`);
  }
  return `${scheme}//${url.host}/media`;
}

function tooLargeReason(maxBytes: number): string {
  return `blob is larger than this relay accepts: at most ${maxBytes} bytes`;
}

// BUD-01: an error response may carry a human-readable `X-Reason`; the JSON body says the same for clients that
// read bodies (buzz answers `{"error": ...}`).
// Node leaves the body out of HEAD answers by itself.
function refuse(res: ServerResponse, status: number, reason: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ error: reason });
  res.writeHead(status, {
    ...CORS_HEADERS,
    ...headers,
    'x-reason': reason,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}
