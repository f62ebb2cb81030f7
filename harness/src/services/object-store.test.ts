import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createIsolatedBucket, type IsolatedBucket } from './isolation.ts';
import { startLocalObjectStore } from './local-object-store.ts';
import { createBucket, s3Request, uniqueBucketName } from './s3-client.ts';
import type { ObjectStoreEndpoint } from './types.ts';
import { findVersitygw } from './versitygw.ts';

// Issue 10: the object store is a real S3 server, with the conditional PUTs buzz's git probe depends on.

const put = (store: ObjectStoreEndpoint, path: string, body: string, headers: Record<string, string> = {}) =>
  s3Request(store, 'PUT', path, { body, headers });

/** The create-only and compare-and-swap writes buzz relies on, against one bucket. */
async function expectConditionalWrites(store: ObjectStoreEndpoint, bucket: string): Promise<void> {
  const key = `/${bucket}/refs/pointer`;
  const created = await put(store, key, 'one', { 'If-None-Match': '*' });
  expect(created.status).toBe(200);
  const etag = created.headers.get('etag');
  expect(etag).toMatch(/^".+"$/);
  expect((await put(store, key, 'two', { 'If-None-Match': '*' })).status).toBe(412);

  const swapped = await put(store, key, 'three', { 'If-Match': etag! });
  expect(swapped.status).toBe(200);
  expect((await put(store, key, 'four', { 'If-Match': etag! })).status).toBe(412);
  const read = await s3Request(store, 'GET', key);
  expect(read.headers.get('etag')).toBe(swapped.headers.get('etag'));
  expect(await read.text()).toBe('three');
}

describe.skipIf(!('path' in findVersitygw()))('the local object store', () => {
  it('serves S3 with conditional PUTs and leaves no process or directory behind when stopped', async () => {
    const store = await startLocalObjectStore();
    let stopped = false;
    try {
      const bucket = uniqueBucketName('local store');
      await createBucket(store.endpoint, bucket);
      await expectConditionalWrites(store.endpoint, bucket);
      expect(existsSync(`${store.dataDir}/${bucket}`)).toBe(true);
      await store.stop();
      stopped = true;
      expect(() => process.kill(store.pid, 0)).toThrow();
      expect(existsSync(store.dataDir)).toBe(false);
    } finally {
      if (!stopped) await store.stop();
    }
  });

  it('a wrong secret is refused: requests are really signed and checked', async () => {
    const store = await startLocalObjectStore();
    try {
      const response = await s3Request({ ...store.endpoint, secretKey: 'wrong' }, 'GET', '/');
      expect(response.status).toBe(403);
    } finally {
      await store.stop();
    }
  });
});

describe("the run's object store", () => {
  const store = inject('services').objectStore;
  let bucket: IsolatedBucket;

  beforeAll(async () => {
    bucket = await createIsolatedBucket(store, 'object store test');
  });
  afterAll(async () => {
    await bucket?.drop();
  });

  it('creates only once with If-None-Match: * and swaps only the current ETag with If-Match', async () => {
    await expectConditionalWrites(store, bucket.name);
  });

  it('of racing conditional writes exactly one wins, as the linearizable swap buzz probes for at start-up', async () => {
    const key = `/${bucket.name}/race/pointer`;
    const statuses = (writes: Array<Promise<Response>>) => Promise.all(writes.map(async (w) => (await w).status));
    const creates = await statuses(
      Array.from({ length: 16 }, (_, i) => put(store, key, `create ${i}`, { 'If-None-Match': '*' })),
    );
    expect(creates.sort()).toEqual([200, ...Array(15).fill(412)]);
    const etag = (await s3Request(store, 'HEAD', key)).headers.get('etag')!;
    const swaps = await statuses(
      Array.from({ length: 16 }, (_, i) => put(store, key, `swap ${i}`, { 'If-Match': etag })),
    );
    expect(swaps.sort()).toEqual([200, ...Array(15).fill(412)]);
  });

  it("a cluster's bucket is its own, and dropping it removes its objects and the bucket", async () => {
    const other = await createIsolatedBucket(store, 'object store test');
    expect(other.name).not.toBe(bucket.name);
    expect((await put(store, `/${other.name}/packs/a`, 'x')).status).toBe(200);
    expect((await s3Request(store, 'HEAD', `/${bucket.name}/packs/a`)).status).toBe(404);
    await other.drop();
    expect((await s3Request(store, 'HEAD', `/${other.name}`)).status).toBe(404);
  });
});

describe('object store set-up', () => {
  it('bucket names follow S3 rules and differ for one label', () => {
    const names = [uniqueBucketName('metrics multi-node Node_B!'), uniqueBucketName('metrics multi-node Node_B!')];
    for (const name of names) expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
    expect(names[0]).not.toBe(names[1]);
    expect(uniqueBucketName('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });

  it('a missing versitygw is reported with how to install it', () => {
    expect(findVersitygw({ PATH: '/nonexistent' })).toEqual({
      missing: expect.stringMatching(
        /versitygw is not on PATH; install it with `CGO_ENABLED=0 go install github\.com\/versity\/versitygw\/cmd\/versitygw@v1\.8\.0`/,
      ),
    });
    expect(findVersitygw({ BUZZ_COMPAT_VERSITYGW: '/nonexistent/versitygw' })).toEqual({
      missing: expect.stringMatching(
        /^BUZZ_COMPAT_VERSITYGW=\/nonexistent\/versitygw is not an executable file; install it/,
      ),
    });
  });
});
