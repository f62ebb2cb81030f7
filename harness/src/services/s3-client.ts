import { randomBytes } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { XMLParser } from 'fast-xml-parser';
import { type ObjectStoreEndpoint, ServicesError } from './types.ts';

// The harness's own S3 calls: bucket set-up and teardown for relay clusters, and readiness. Path-style addressing
// (`<url>/<bucket>/<key>`) and SigV4 for region us-east-1, as buzz's S3 client uses them.

export const S3_REGION = 'us-east-1';

export interface S3RequestInit {
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
  readonly query?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** One signed request; `path` is `/<bucket>` or `/<bucket>/<key>`. Never retried: callers see every status. */
export function s3Request(
  store: ObjectStoreEndpoint,
  method: string,
  path: string,
  init: S3RequestInit = {},
): Promise<Response> {
  const client = new AwsClient({
    accessKeyId: store.accessKey,
    secretAccessKey: store.secretKey,
    service: 's3',
    region: S3_REGION,
    retries: 0,
  });
  const url = new URL(store.url.replace(/\/+$/, '') + path);
  for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
  return client.fetch(url, { method, headers: { ...init.headers }, body: init.body, signal: init.signal });
}

/** A bucket name no other cluster uses: S3's rules (3-63 of a-z, 0-9, '-'), the label kept readable. */
export function uniqueBucketName(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `bc-${slug === '' ? 'relay' : slug}-${randomBytes(4).toString('hex')}`.replace(/--+/g, '-');
}

export async function createBucket(store: ObjectStoreEndpoint, name: string): Promise<void> {
  const response = await s3Request(store, 'PUT', `/${name}`);
  if (response.ok) return;
  throw new ServicesError(
    `creating bucket ${name} on the object store at ${store.url} failed: HTTP ${response.status} ${await response.text()}`,
  );
}

/** Removes every object of the bucket, then the bucket (S3 deletes only empty buckets). */
export async function deleteBucket(store: ObjectStoreEndpoint, name: string): Promise<void> {
  for (;;) {
    const keys = await listKeys(store, name);
    if (keys.length === 0) break;
    for (const key of keys) {
      const response = await s3Request(store, 'DELETE', `/${name}/${encodeKey(key)}`);
      if (!response.ok && response.status !== 404) {
        throw new ServicesError(`deleting ${key} from bucket ${name} at ${store.url} failed: HTTP ${response.status}`);
      }
    }
  }
  const response = await s3Request(store, 'DELETE', `/${name}`);
  if (response.ok || response.status === 404) return;
  throw new ServicesError(`deleting bucket ${name} at ${store.url} failed: HTTP ${response.status}`);
}

/** Up to 1000 keys (one ListObjectsV2 page); deleteBucket asks again until none are left. */
async function listKeys(store: ObjectStoreEndpoint, bucket: string): Promise<string[]> {
  const response = await s3Request(store, 'GET', `/${bucket}`, { query: { 'list-type': '2' } });
  if (response.status === 404) return [];
  const body = await response.text();
  if (!response.ok) throw new ServicesError(`listing bucket ${bucket} at ${store.url} failed: HTTP ${response.status}`);
  const listing = new XMLParser({ parseTagValue: false }).parse(body) as {
    ListBucketResult?: { Contents?: { Key: string } | Array<{ Key: string }> };
  };
  const contents = listing.ListBucketResult?.Contents ?? [];
  return (Array.isArray(contents) ? contents : [contents]).map((entry) => String(entry.Key));
}

export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
