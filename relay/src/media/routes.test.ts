import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedTestDatabase, type MigratedTestDatabase } from '../../test/database.ts';
import { type AuditLog, startAuditLog } from '../audit/audit-log.ts';
import type { Route } from '../http/route.ts';
import { MetricsRegistry } from '../metrics/registry.ts';
import { type BlobDescriptor, createMediaRoutes, type MediaConfig } from './routes.ts';

const log = pino({ level: 'silent' });
const RELAY_URL = 'ws://relay.test:3000';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let db: MigratedTestDatabase;

beforeAll(async () => {
  db = await createMigratedTestDatabase('media', ['002-audit.sql', '004-media.sql']);
});

afterAll(async () => {
  await db?.dispose();
});

// ---- a tiny app listener: the routes, matched by method and template, nothing else ----

interface MediaServer {
  readonly url: string;
  readonly metrics: MetricsRegistry;
  readonly audit: AuditLog;
  /** Resolves when the n-th PUT /upload (1-based) has reached its handler. */
  uploadStarted(n: number): Promise<void>;
  close(): Promise<void>;
}

async function startMediaServer(overrides: Partial<MediaConfig> = {}): Promise<MediaServer> {
  const metrics = new MetricsRegistry();
  // The audit log gets a registry of its own, so the media registry holds exactly the media families.
  const audit = startAuditLog({ pool: db.pool, metrics: new MetricsRegistry(), log });
  const config: MediaConfig = {
    maxBytes: 1024,
    uploadsPerMinute: 100,
    maxConcurrent: 10,
    relayUrl: RELAY_URL,
    ...overrides,
  };
  const routes = createMediaRoutes({ pool: db.pool, metrics, audit, log, config });
  const matchers = routes.map((route) => ({ route, pattern: templatePattern(route) }));
  const started: Array<() => void> = [];
  const startedPromises: Array<Promise<void>> = [];
  const uploadStarted = (n: number): Promise<void> => {
    while (startedPromises.length < n) {
      startedPromises.push(new Promise<void>((resolve) => started.push(resolve)));
    }
    return startedPromises[n - 1]!;
  };
  let uploads = 0;

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    for (const { route, pattern } of matchers) {
      const match = route.method === req.method ? pattern.exec(path) : null;
      if (match === null) continue;
      if (route.template === '/upload' && req.method === 'PUT') {
        uploadStarted(++uploads);
        started[uploads - 1]!();
      }
      route.handle(req, res, { ...match.groups }).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    metrics,
    audit,
    uploadStarted,
    async close() {
      server.closeAllConnections();
      server.close();
      await audit.drain(5000);
    },
  };
}

function templatePattern(route: Route): RegExp {
  return new RegExp(`^${route.template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
}

// ---- clients ----

const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

function authorization(
  secretKey: Uint8Array,
  { hash, kind = 24242, tags }: { hash?: string; kind?: number; tags?: string[][] } = {},
): string {
  const event = finalizeEvent(
    {
      kind,
      created_at: nowSeconds(),
      content: 'Upload blob',
      tags: tags ?? [['t', 'upload'], ['expiration', String(nowSeconds() + 600)], ...(hash ? [['x', hash]] : [])],
    },
    secretKey,
  );
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}`;
}

const pngBytes = (): Buffer => Buffer.concat([PNG_SIGNATURE, randomBytes(32)]);
const unknownBytes = (): Buffer => Buffer.concat([Buffer.from('plain text, no magic '), randomBytes(16)]);

async function put(server: MediaServer, body: Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/upload`, { method: 'PUT', body, headers });
}

async function upload(server: MediaServer, body: Buffer, secretKey = generateSecretKey()): Promise<Response> {
  return put(server, body, { authorization: authorization(secretKey, { hash: sha256Of(body) }) });
}

/** Sends headers and the first part of a body now; the returned function sends the rest and reads the answer. */
function startSlowUpload(server: MediaServer, body: Buffer, secretKey: Uint8Array) {
  const req = http.request(`${server.url}/upload`, {
    method: 'PUT',
    headers: { authorization: authorization(secretKey, { hash: sha256Of(body) }), 'content-length': body.length },
  });
  const answer = new Promise<http.IncomingMessage>((resolve) => req.once('response', resolve)).then(async (res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
  });
  req.write(body.subarray(0, 4));
  return async () => {
    req.end(body.subarray(4));
    return answer;
  };
}

async function auditRowsFor(sha256: string): Promise<Array<{ action: string; pubkey: string; detail: unknown }>> {
  const { rows } = await db.pool.query(
    "SELECT action, pubkey, detail FROM audit_log WHERE detail->>'sha256' = $1 ORDER BY id",
    [sha256],
  );
  return rows;
}

// ---- tests ----

describe('media uploads', () => {
  it('§2.3 buzz_media_uploads_total counts stored uploads by the sniffed type, never the declared one', async () => {
    const server = await startMediaServer();
    try {
      expect(server.metrics.render()).toBe('');
      const key = generateSecretKey();
      const png = pngBytes();
      const unknown = unknownBytes();

      const pngAnswer = await put(server, png, {
        authorization: authorization(key, { hash: sha256Of(png) }),
        'content-type': 'video/mp4',
      });
      const unknownAnswer = await put(server, unknown, {
        authorization: authorization(key, { hash: sha256Of(unknown) }),
        'content-type': 'image/png',
      });

      expect(pngAnswer.status).toBe(200);
      expect(unknownAnswer.status).toBe(200);
      const pngDescriptor = (await pngAnswer.json()) as BlobDescriptor;
      expect(pngDescriptor).toEqual({
        url: `http://relay.test:3000/media/${sha256Of(png)}.png`,
        sha256: sha256Of(png),
        size: png.length,
        type: 'image/png',
        uploaded: expect.any(Number),
      });
      expect(((await unknownAnswer.json()) as BlobDescriptor).type).toBe('application/octet-stream');
      expect(server.metrics.render()).toBe(
        [
          '# TYPE buzz_media_uploads_total counter',
          'buzz_media_uploads_total{mime="image/png"} 1',
          'buzz_media_uploads_total{mime="other"} 1',
          '',
          '',
        ].join('\n'),
      );
    } finally {
      await server.close();
    }
  });

  it('GET and HEAD /media/{sha256} serve the blob with its sniffed type', async () => {
    const server = await startMediaServer();
    try {
      const png = pngBytes();
      const unknown = unknownBytes();
      expect((await upload(server, png)).status).toBe(200);
      expect((await upload(server, unknown)).status).toBe(200);

      const got = await fetch(`${server.url}/media/${sha256Of(png)}.png`);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await got.arrayBuffer())).toEqual(png);

      const head = await fetch(`${server.url}/media/${sha256Of(unknown)}`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('application/octet-stream');
      expect(head.headers.get('content-length')).toBe(String(unknown.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);

      const missing = await fetch(`${server.url}/media/${'0'.repeat(64)}`);
      expect(missing.status).toBe(404);
      const malformed = await fetch(`${server.url}/media/not-a-hash`);
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('x-reason')).toMatch(/64 hex sha256/);
    } finally {
      await server.close();
    }
  });

  it('re-uploading the same bytes answers the stored descriptor and counts again', async () => {
    const server = await startMediaServer();
    try {
      const png = pngBytes();
      const first = (await (await upload(server, png)).json()) as BlobDescriptor;
      const second = (await (await upload(server, png)).json()) as BlobDescriptor;
      expect(second).toEqual(first);
      expect(server.metrics.render()).toContain('buzz_media_uploads_total{mime="image/png"} 2\n');
    } finally {
      await server.close();
    }
  });

  it('each stored upload is audited with its uploader, hash, size and type', async () => {
    const server = await startMediaServer();
    const key = generateSecretKey();
    const png = pngBytes();
    const answer = await upload(server, png, key);
    expect(answer.status).toBe(200);
    await server.close();

    const { pubkey } = finalizeEvent({ kind: 1, created_at: 0, tags: [], content: '' }, key);
    expect(await auditRowsFor(sha256Of(png))).toEqual([
      { action: 'media.upload', pubkey, detail: { sha256: sha256Of(png), size: png.length, mime: 'image/png' } },
    ]);
  });

  it('§2.3 buzz_media_upload_rejections_total{reason="rate_limit"}: the third upload of a pubkey in a minute gets 429', async () => {
    const server = await startMediaServer({ uploadsPerMinute: 2 });
    try {
      const key = generateSecretKey();
      expect((await upload(server, pngBytes(), key)).status).toBe(200);
      expect((await upload(server, pngBytes(), key)).status).toBe(200);
      const third = await upload(server, pngBytes(), key);
      expect(third.status).toBe(429);
      expect(third.headers.get('x-reason')).toBe('upload rate limit exceeded: at most 2 uploads per minute');
      expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
      // Per pubkey: someone else may still upload.
      expect((await upload(server, pngBytes())).status).toBe(200);

      expect(server.metrics.render()).toBe(
        [
          '# TYPE buzz_media_upload_rejections_total counter',
          'buzz_media_upload_rejections_total{reason="rate_limit"} 1',
          '',
          '# TYPE buzz_media_uploads_total counter',
          'buzz_media_uploads_total{mime="image/png"} 3',
          '',
          '',
        ].join('\n'),
      );
    } finally {
      await server.close();
    }
  });

  it('§2.3 buzz_media_upload_rejections_total{reason="concurrency"}: an upload beyond maxConcurrent in flight gets 429', async () => {
    const server = await startMediaServer({ maxConcurrent: 1 });
    try {
      const slow = pngBytes();
      const finishSlow = startSlowUpload(server, slow, generateSecretKey());
      await server.uploadStarted(1);

      const second = await upload(server, pngBytes());
      expect(second.status).toBe(429);
      expect(second.headers.get('x-reason')).toBe('upload concurrency limit reached: retry shortly');

      const slowAnswer = await finishSlow();
      expect(slowAnswer.status).toBe(200);
      expect(JSON.parse(slowAnswer.body).sha256).toBe(sha256Of(slow));
      // The slot is free again.
      expect((await upload(server, pngBytes())).status).toBe(200);

      expect(server.metrics.render()).toBe(
        [
          '# TYPE buzz_media_upload_rejections_total counter',
          'buzz_media_upload_rejections_total{reason="concurrency"} 1',
          '',
          '# TYPE buzz_media_uploads_total counter',
          'buzz_media_uploads_total{mime="image/png"} 2',
          '',
          '',
        ].join('\n'),
      );
    } finally {
      await server.close();
    }
  });

  it.each([
    { case: 'no Authorization header', header: () => undefined, reason: /missing Authorization header/ },
    { case: 'another scheme', header: () => 'Bearer abc', reason: /Nostr scheme/ },
    { case: 'not base64 JSON', header: () => 'Nostr %%%', reason: /base64 encoding of a JSON Nostr event/ },
    {
      case: 'wrong kind',
      header: (body: Buffer) => authorization(generateSecretKey(), { hash: sha256Of(body), kind: 27235 }),
      reason: /must be kind 24242, got kind 27235/,
    },
    {
      case: 'expired',
      header: () =>
        authorization(generateSecretKey(), {
          tags: [
            ['t', 'upload'],
            ['expiration', String(nowSeconds() - 1)],
          ],
        }),
      reason: /has expired/,
    },
    {
      case: 'no expiration',
      header: () => authorization(generateSecretKey(), { tags: [['t', 'upload']] }),
      reason: /"expiration" tag/,
    },
    {
      case: 'verb get',
      header: () =>
        authorization(generateSecretKey(), {
          tags: [
            ['t', 'get'],
            ['expiration', String(nowSeconds() + 60)],
          ],
        }),
      reason: /"t" tag of "upload"/,
    },
    {
      case: 'tampered content',
      header: (body: Buffer) => {
        const event = JSON.parse(
          Buffer.from(authorization(generateSecretKey(), { hash: sha256Of(body) }).slice(6), 'base64').toString(),
        );
        event.content = 'Delete everything';
        return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64')}`;
      },
      reason: /id or signature is invalid/,
    },
    {
      case: 'x tag for other bytes',
      header: () => authorization(generateSecretKey(), { hash: 'a'.repeat(64) }),
      reason: /no "x" tag for this body's sha256/,
    },
  ])('bad authorization ($case) gets 401 with an X-Reason and counts nothing', async ({ header, reason }) => {
    const server = await startMediaServer();
    try {
      const body = pngBytes();
      const value = header(body);
      const answer = await put(server, body, value === undefined ? {} : { authorization: value });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('x-reason')).toMatch(reason);
      expect(((await answer.json()) as { error: string }).error).toBe(answer.headers.get('x-reason'));
      expect(server.metrics.render()).toBe('');
      expect((await fetch(`${server.url}/media/${sha256Of(body)}`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('a body over maxBytes gets 413, declared or streamed, and counts nothing', async () => {
    const server = await startMediaServer({ maxBytes: 64 });
    try {
      const big = Buffer.concat([PNG_SIGNATURE, randomBytes(100)]);
      const declared = await upload(server, big);
      expect(declared.status).toBe(413);
      expect(declared.headers.get('x-reason')).toBe('blob is larger than this relay accepts: at most 64 bytes');

      // Chunked: no Content-Length, so the limit is found while reading.
      const req = http.request(`${server.url}/upload`, {
        method: 'PUT',
        headers: { authorization: authorization(generateSecretKey(), { hash: sha256Of(big) }) },
      });
      req.end(big);
      const [res] = (await once(req, 'response')) as [http.IncomingMessage];
      res.resume();
      expect(res.statusCode).toBe(413);

      expect(server.metrics.render()).toBe('');
    } finally {
      await server.close();
    }
  });

  it('an upload whose client goes away mid-body stores nothing and frees its slot', async () => {
    const server = await startMediaServer({ maxConcurrent: 1 });
    try {
      const body = pngBytes();
      const req = http.request(`${server.url}/upload`, {
        method: 'PUT',
        headers: { authorization: authorization(generateSecretKey(), { hash: sha256Of(body) }), 'content-length': 999 },
      });
      req.on('error', () => {});
      req.write(body);
      await server.uploadStarted(1);
      req.destroy();

      // The slot frees once the server has seen the abort: bounded polling.
      let answer = await upload(server, pngBytes());
      for (let attempt = 0; attempt < 250 && answer.status === 429; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        answer = await upload(server, pngBytes());
      }
      expect(answer.status).toBe(200);
      expect((await fetch(`${server.url}/media/${sha256Of(body)}`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it('OPTIONS answers the Blossom CORS preflight', async () => {
    const server = await startMediaServer();
    try {
      const answer = await fetch(`${server.url}/upload`, { method: 'OPTIONS' });
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, DELETE');
      expect(server.metrics.render()).toBe('');
    } finally {
      await server.close();
    }
  });

  it('bad configuration is refused with the setting it names', () => {
    const metrics = new MetricsRegistry();
    const audit = { record: () => {} };
    const base: MediaConfig = { maxBytes: 1, uploadsPerMinute: 1, maxConcurrent: 1, relayUrl: RELAY_URL };
    expect(() =>
      createMediaRoutes({ pool: db.pool, metrics, audit, log, config: { ...base, maxConcurrent: 0 } }),
    ).toThrow('media config maxConcurrent must be a positive integer, got 0');
    expect(() =>
      createMediaRoutes({ pool: db.pool, metrics, audit, log, config: { ...base, relayUrl: 'ftp://x' } }),
    ).toThrow(/relayUrl must be a ws:\/\//);
  });
});
