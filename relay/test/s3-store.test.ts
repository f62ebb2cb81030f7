import { AwsClient } from 'aws4fetch';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { S3Config } from '../src/config.ts';
import { createS3Store, type S3Store, S3StoreError } from '../src/media/s3-store.ts';

// The relay's S3 client against the real object store of the test run (the suite's global setup starts it).

const services = inject('services').objectStore;
const config = (bucket: string): S3Config => ({
  endpoint: services.url,
  accessKey: services.accessKey,
  secretKey: services.secretKey,
  bucket,
});

async function createBucket(name: string): Promise<void> {
  const client = new AwsClient({
    accessKeyId: services.accessKey,
    secretAccessKey: services.secretKey,
    service: 's3',
    region: 'us-east-1',
    retries: 0,
  });
  const response = await client.fetch(`${services.url}/${name}`, { method: 'PUT' });
  if (!response.ok) throw new Error(`creating bucket ${name}: HTTP ${response.status} ${await response.text()}`);
}

describe('S3 store', () => {
  let store: S3Store;
  let bucket: string;

  beforeAll(async () => {
    bucket = `relay-s3-store-${process.pid}-${Date.now()}`;
    await createBucket(bucket);
    store = createS3Store(config(bucket));
  });

  it('puts an object and reads it back whole, with its type, size and ETag; HEAD agrees', async () => {
    const data = Buffer.from('\u0000binary\u00ffblob', 'latin1');
    const put = await store.put('ab/cd/blob.png', data, { contentType: 'image/png' });
    expect(put).toEqual({ status: 'written', etag: expect.stringMatching(/^".+"$/) });
    const got = await store.get('ab/cd/blob.png');
    expect(got).toEqual({ data, size: data.length, contentType: 'image/png', etag: (put as { etag: string }).etag });
    expect(await store.head('ab/cd/blob.png')).toEqual({
      size: data.length,
      contentType: 'image/png',
      etag: (put as { etag: string }).etag,
    });
  });

  it('a key that does not exist is undefined for GET and HEAD', async () => {
    expect(await store.get('no/such/key')).toBeUndefined();
    expect(await store.head('no/such/key')).toBeUndefined();
  });

  it('keys with spaces, pluses and unicode are signed and addressed correctly', async () => {
    const key = '_meta/a b+c=d&é.json';
    expect((await store.put(key, Buffer.from('{}'), { contentType: 'application/json' })).status).toBe('written');
    expect((await store.get(key))?.data.toString()).toBe('{}');
  });

  it('ifAbsent writes once: the second create-only PUT is refused and the first bytes stay', async () => {
    expect((await store.put('refs/once', Buffer.from('first'), { ifAbsent: true })).status).toBe('written');
    expect(await store.put('refs/once', Buffer.from('second'), { ifAbsent: true })).toEqual({
      status: 'precondition-failed',
    });
    expect((await store.get('refs/once'))?.data.toString()).toBe('first');
  });

  it('ifMatch swaps only the current ETag, and the winning ETag chains to the next swap', async () => {
    const created = await store.put('refs/pointer', Buffer.from('v1'), { ifAbsent: true });
    if (created.status !== 'written') throw new Error('pointer not created');
    const read = await store.get('refs/pointer');
    expect(read?.etag).toBe(created.etag);
    const swapped = await store.put('refs/pointer', Buffer.from('v2'), { ifMatch: read!.etag });
    if (swapped.status !== 'written') throw new Error('swap with the current ETag lost');
    expect(await store.put('refs/pointer', Buffer.from('v3'), { ifMatch: created.etag })).toEqual({
      status: 'precondition-failed',
    });
    expect((await store.put('refs/pointer', Buffer.from('v3'), { ifMatch: swapped.etag })).status).toBe('written');
    expect((await store.get('refs/pointer'))?.data.toString()).toBe('v3');
  });

  it('a wrong secret is an error naming the object and the status, not a missing object', async () => {
    const wrong = createS3Store({ ...config(bucket), secretKey: 'not-the-secret' });
    const error = await wrong.get('ab/cd/blob.png').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(S3StoreError);
    expect((error as S3StoreError).status).toBe(403);
    expect((error as Error).message).toContain(
      `GET s3 object ${bucket}/ab/cd/blob.png at ${services.url} answered HTTP 403`,
    );
    await expect(wrong.put('x', Buffer.from('x'))).rejects.toThrow(/PUT .* answered HTTP 403/);
  });

  it('a missing bucket is an error, and an unreachable store names its endpoint', async () => {
    await expect(createS3Store(config('no-such-bucket-here')).get('k')).rejects.toThrow(/HTTP 404 NoSuchBucket/);
    const closed = createS3Store({ ...config(bucket), endpoint: 'http://127.0.0.1:1' });
    await expect(closed.head('k')).rejects.toThrow(/^HEAD s3 object .* at http:\/\/127\.0\.0\.1:1 failed: /);
  });
});
