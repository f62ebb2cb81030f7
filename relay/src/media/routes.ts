import type { IncomingMessage, ServerResponse } from 'node:http';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Route } from '../http/route.ts';
import { mimeLabel } from '../metrics/labels.ts';
import type { MetricsRegistry } from '../metrics/registry.ts';
import { type BlobInfo, findBlob, findBlobInfo, storeBlob } from './blob-store.ts';
import { coversBody, verifyUploadAuthorization } from './blossom-auth.ts';
import { readBody } from './read-body.ts';
import { extensionFor, sniffMime } from './sniff-mime.ts';
import { createUploadRateLimiter } from './upload-rate-limiter.ts';

// Blossom media (BUD-01, BUD-02): `PUT /upload` stores a blob, `GET`/`HEAD /media/{sha256}` serve it.
// Counted in buzz_media_uploads_total{mime} and buzz_media_upload_rejections_total{reason} (CONTRACT §2.3).
// Gates run in buzz's order, cheapest first and before any body byte is read: authorization, declared size,
// the pubkey's rate, then a concurrency slot.

export interface MediaConfig {
  /** Largest accepted body; larger uploads get 413. */
  readonly maxBytes: number;
  /** Uploads one pubkey may start in a sliding minute; beyond that, 429 `rate_limit`. */
  readonly uploadsPerMinute: number;
  /** Uploads in flight at once across all pubkeys; beyond that, 429 `concurrency`. */
  readonly maxConcurrent: number;
  /** The relay's public URL; blob URLs are its http(s) twin plus `/media/<sha256>.<ext>`. */
  readonly relayUrl: string;
}

export interface MediaRoutesOptions {
  readonly pool: pg.Pool;
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

const BLOB_NAME = /^([0-9a-fA-F]{64})(?:\.[A-Za-z0-9]{1,10})?$/;

// BUD-01: every response carries CORS headers, so web clients on other origins can use the blobs.
const CORS_HEADERS = { 'access-control-allow-origin': '*' } as const;
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-headers': 'Authorization, *',
  'access-control-allow-methods': 'GET, HEAD, PUT, DELETE',
  'access-control-max-age': '86400',
} as const;

export function createMediaRoutes({ pool, metrics, audit, log, config }: MediaRoutesOptions): Route[] {
  checkConfig(config);
  const mediaBaseUrl = mediaBaseUrlFor(config.relayUrl);
  const uploads = metrics.counter('buzz_media_uploads_total');
  const rejections = metrics.counter('buzz_media_upload_rejections_total');
  const rateLimiter = createUploadRateLimiter(config.uploadsPerMinute);
  let uploadsInFlight = 0;

  const describe = (blob: BlobInfo): BlobDescriptor => ({
    url: `${mediaBaseUrl}/${blob.sha256}.${extensionFor(blob.mime)}`,
    sha256: blob.sha256,
    size: blob.size,
    type: blob.mime,
    uploaded: Math.floor(blob.uploadedAt.getTime() / 1000),
  });

  async function upload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const authorization = verifyUploadAuthorization(req.headers.authorization, Math.floor(Date.now() / 1000));
    if (!authorization.ok) return refuse(res, 401, authorization.reason);
    const pubkey = authorization.event.pubkey;

    const declaredLength = Number(req.headers['content-length']);
    if (declaredLength > config.maxBytes) return refuse(res, 413, tooLargeReason(config.maxBytes));

    const rate = rateLimiter.admit(pubkey);
    if (!rate.admitted) {
      rejections.inc(['rate_limit']);
      return refuse(res, 429, `upload rate limit exceeded: at most ${config.uploadsPerMinute} uploads per minute`, {
        'retry-after': String(rate.retryAfterSeconds),
      });
    }
    // buzz answers 429 for a full house too (MediaError::UploadConcurrencyLimitReached).
    if (uploadsInFlight >= config.maxConcurrent) {
      rejections.inc(['concurrency']);
      return refuse(res, 429, 'upload concurrency limit reached: retry shortly', { 'retry-after': '1' });
    }

    uploadsInFlight++;
    try {
      const body = await readBody(req, config.maxBytes);
      if (body.kind === 'aborted') {
        log.debug({ pubkey }, 'media upload aborted by the client');
        return;
      }
      if (body.kind === 'too-large') {
        return refuse(res, 413, tooLargeReason(config.maxBytes), { connection: 'close' });
      }
      if (!coversBody(authorization, body.sha256)) {
        return refuse(res, 401, `Authorization event has no "x" tag for this body's sha256 ${body.sha256}`);
      }

      const mime = sniffMime(body.data);
      let stored: BlobInfo;
      try {
        stored = await storeBlob(pool, { sha256: body.sha256, mime, data: body.data, uploader: pubkey });
      } catch (error) {
        log.error({ err: error, pubkey, sha256: body.sha256 }, 'media upload could not be stored');
        return refuse(res, 500, 'blob storage is unavailable: retry later');
      }
      // Bytes that were already stored count as an upload too: the client's upload succeeded all the same.
      uploads.inc([mimeLabel(mime)]);
      audit.record({ action: 'media.upload', pubkey, detail: { sha256: stored.sha256, size: stored.size, mime } });
      sendJson(res, 200, describe(stored));
    } finally {
      uploadsInFlight--;
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, name: string | undefined): Promise<void> {
    const withBody = req.method !== 'HEAD';
    const match = BLOB_NAME.exec(name ?? '');
    if (match === null) {
      return refuse(res, 400, 'not a blob address: expected /media/<64 hex sha256>[.ext]');
    }
    const sha256 = match[1]!.toLowerCase();
    let blob: BlobInfo | undefined;
    let data: Buffer | undefined;
    try {
      if (withBody) {
        const found = await findBlob(pool, sha256);
        blob = found;
        data = found?.data;
      } else {
        blob = await findBlobInfo(pool, sha256);
      }
    } catch (error) {
      log.error({ err: error, sha256 }, 'media blob could not be read');
      return refuse(res, 500, 'blob storage is unavailable: retry later');
    }
    if (blob === undefined) return refuse(res, 404, 'blob not found');

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
    { method: 'PUT', template: '/upload', handle: (req, res) => upload(req, res) },
    { method: 'OPTIONS', template: '/upload', handle: preflight },
    { method: 'GET', template: '/media/{sha256}', handle: (req, res, params) => serve(req, res, params.sha256) },
    { method: 'HEAD', template: '/media/{sha256}', handle: (req, res, params) => serve(req, res, params.sha256) },
    { method: 'OPTIONS', template: '/media/{sha256}', handle: preflight },
  ];
}

function checkConfig(config: MediaConfig): void {
  for (const key of ['maxBytes', 'uploadsPerMinute', 'maxConcurrent'] as const) {
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
