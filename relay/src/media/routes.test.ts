import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-log.ts';
import type { Route } from '../http/route.ts';
import { MetricsRegistry } from '../metrics/registry.ts';
import { type BlobDescriptor, createMediaRoutes } from './routes.ts';
import type { S3Store } from './s3-store.ts';

// The media routes over an in-memory object store (the S3 client has its own test against a real store).

const log = pino({ level: 'silent' });
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function memoryStore(): S3Store & { readonly objects: Map<string, Buffer>; failing: boolean } {
  const objects = new Map<string, { data: Buffer; contentType: string | undefined }>();
  const check = (store: { failing: boolean }) => {
    if (store.failing) throw new Error('store down');
  };
  const store = {
    failing: false,
    get objects() {
      return new Map([...objects].map(([key, value]) => [key, value.data]));
    },
    async put(key: string, data: Buffer, options: { contentType?: string } = {}) {
      check(store);
      objects.set(key, { data, contentType: options.contentType });
      return { status: 'written' as const, etag: '"e"' };
    },
    async get(key: string) {
      check(store);
      const found = objects.get(key);
      return found && { data: found.data, size: found.data.length, contentType: found.contentType, etag: '"e"' };
    },
    async head(key: string) {
      check(store);
      const found = objects.get(key);
      return found && { size: found.data.length, contentType: found.contentType, etag: '"e"' };
    },
  };
  return store;
}

async function startMediaServer() {
  const metrics = new MetricsRegistry();
  const audited: AuditEntry[] = [];
  const store = memoryStore();
  const routes = createMediaRoutes({
    store,
    metrics,
    audit: { record: (entry) => audited.push(entry) },
    log,
    config: { maxBytes: 1024, relayUrl: 'ws://relay.test:3000' },
  });
  const matchers = routes.map((route) => ({ route, pattern: templatePattern(route) }));
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Literal templates first, as the router matches them.
    const ordered = [...matchers].sort(
      (a, b) => Number(a.route.template.includes('{')) - Number(b.route.template.includes('{')),
    );
    for (const { route, pattern } of ordered) {
      const match = route.method === req.method ? pattern.exec(path) : null;
      if (match === null) continue;
      void route.handle(req, res, { ...match.groups });
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
    audited,
    store,
    close() {
      server.closeAllConnections();
      server.close();
    },
  };
}

function templatePattern(route: Route): RegExp {
  return new RegExp(`^${route.template.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
}

const sha256Of = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
const nowSeconds = (): number => Math.floor(Date.now() / 1000);
const pngBytes = (): Buffer => Buffer.concat([PNG_SIGNATURE, randomBytes(32)]);

function authorization(
  hash: string,
  {
    createdAt = nowSeconds(),
    content = 'Upload blob',
    tags,
  }: { createdAt?: number; content?: string; tags?: string[][] } = {},
): string {
  const event = finalizeEvent(
    {
      kind: 24242,
      created_at: createdAt,
      content,
      tags: tags ?? [
        ['t', 'upload'],
        ['expiration', String(nowSeconds() + 600)],
        ['x', hash],
      ],
    },
    generateSecretKey(),
  );
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString('base64url')}`;
}

function put(url: string, body: Buffer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${url}/media/upload`, { method: 'PUT', body, headers });
}

const upload = (url: string, body: Buffer) =>
  put(url, body, { authorization: authorization(sha256Of(body)), 'x-sha-256': sha256Of(body) });

describe('PUT /media/upload', () => {
  it('stores an image at <sha256>.png with its sidecar, answers the descriptor, counts and audits it', async () => {
    const server = await startMediaServer();
    try {
      const body = pngBytes();
      const sha256 = sha256Of(body);
      const response = await upload(server.url, body);
      expect(response.status).toBe(200);
      const descriptor = (await response.json()) as BlobDescriptor;
      expect(descriptor).toMatchObject({
        url: `http://relay.test:3000/media/${sha256}.png`,
        sha256,
        size: body.length,
        type: 'image/png',
      });
      // both sides sorted: the hash is random, and '_' sorts between its digits and its letters
      expect([...server.store.objects.keys()].sort()).toEqual([`${sha256}.png`, `_meta/${sha256}.json`].sort());
      expect(server.metrics.render()).toContain('buzz_media_uploads_total{mime="image/png"} 1');
      expect(server.audited).toEqual([
        expect.objectContaining({ action: 'media_uploaded', detail: expect.objectContaining({ sha256, kind: 49001 }) }),
      ]);

      const again = await upload(server.url, body);
      expect(again.status).toBe(200);
      expect(server.metrics.render()).toContain('buzz_media_uploads_total{mime="image/png"} 2');
    } finally {
      server.close();
    }
  });

  it('an unknown type is stored as .bin and counts as mime other', async () => {
    const server = await startMediaServer();
    try {
      const body = Buffer.from(`plain text ${randomBytes(8).toString('hex')}`);
      const response = await upload(server.url, body);
      expect(((await response.json()) as BlobDescriptor).url).toMatch(/\.bin$/);
      expect(server.metrics.render()).toContain('buzz_media_uploads_total{mime="other"} 1');
    } finally {
      server.close();
    }
  });

  it.each([
    ['no Authorization', () => ({})],
    ['empty content', (h: string) => ({ authorization: authorization(h, { content: '' }), 'x-sha-256': h })],
    [
      'older than ten minutes',
      (h: string) => ({ authorization: authorization(h, { createdAt: nowSeconds() - 601 }), 'x-sha-256': h }),
    ],
    [
      't other than upload',
      (h: string) => ({
        authorization: authorization(h, {
          tags: [
            ['t', 'delete'],
            ['expiration', String(nowSeconds() + 60)],
            ['x', h],
          ],
        }),
        'x-sha-256': h,
      }),
    ],
    [
      'expired',
      (h: string) => ({
        authorization: authorization(h, {
          tags: [
            ['t', 'upload'],
            ['expiration', String(nowSeconds() - 1)],
            ['x', h],
          ],
        }),
        'x-sha-256': h,
      }),
    ],
    ['no X-SHA-256', (h: string) => ({ authorization: authorization(h) })],
    [
      'body not among the x tags',
      () => ({ authorization: authorization('0'.repeat(64)), 'x-sha-256': '0'.repeat(64) }),
    ],
  ])('%s: 401 authentication failed, nothing stored or counted', async (_name, headersFor) => {
    const server = await startMediaServer();
    try {
      const body = pngBytes();
      const response = await put(server.url, body, headersFor(sha256Of(body)) as Record<string, string>);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'authentication failed' });
      expect(server.store.objects.size).toBe(0);
      expect(server.metrics.render()).not.toContain('buzz_media_uploads_total{');
    } finally {
      server.close();
    }
  });

  it('a body over maxBytes gets 413, declared or streamed, and stores and counts nothing', async () => {
    const server = await startMediaServer();
    try {
      const big = Buffer.concat([PNG_SIGNATURE, randomBytes(2000)]);
      const declared = await upload(server.url, big);
      expect(declared.status).toBe(413);
      expect(declared.headers.get('x-reason')).toBe('blob is larger than this relay accepts: at most 1024 bytes');

      // Chunked: no Content-Length, so the limit is found while reading.
      const req = http.request(`${server.url}/media/upload`, {
        method: 'PUT',
        headers: { authorization: authorization(sha256Of(big)), 'x-sha-256': sha256Of(big) },
      });
      req.end(big);
      const [res] = (await once(req, 'response')) as [http.IncomingMessage];
      res.resume();
      expect(res.statusCode).toBe(413);

      expect(server.store.objects.size).toBe(0);
      expect(server.metrics.render()).toBe('');
      expect(server.audited).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('a store failure is 500 internal error and counts nothing', async () => {
    const server = await startMediaServer();
    try {
      server.store.failing = true;
      const response = await upload(server.url, pngBytes());
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: 'internal error' });
      expect(server.metrics.render()).not.toContain('buzz_media_uploads_total{');
    } finally {
      server.close();
    }
  });
});

describe('GET and HEAD /media/{sha256_ext}', () => {
  it('serve a stored blob by <sha256> or <sha256>.<ext>, with its type; unknown and malformed names are 404', async () => {
    const server = await startMediaServer();
    try {
      const body = pngBytes();
      const sha256 = sha256Of(body);
      await upload(server.url, body);
      for (const name of [sha256, `${sha256}.png`]) {
        const got = await fetch(`${server.url}/media/${name}`);
        expect(got.status).toBe(200);
        expect(got.headers.get('content-type')).toBe('image/png');
        expect(Buffer.from(await got.arrayBuffer())).toEqual(body);
      }
      const head = await fetch(`${server.url}/media/${sha256}.png`, { method: 'HEAD' });
      expect([head.status, head.headers.get('content-length')]).toEqual([200, String(body.length)]);
      for (const name of ['0'.repeat(64), 'not-a-hash', `${sha256.toUpperCase()}`]) {
        expect((await fetch(`${server.url}/media/${name}`)).status).toBe(404);
      }
    } finally {
      server.close();
    }
  });
});
