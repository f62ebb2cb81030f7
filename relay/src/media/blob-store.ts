import type { S3Store } from './s3-store.ts';
import { extensionFor, type SniffedMime } from './sniff-mime.ts';

// Blobs in the object store as buzz lays them out: the bytes at `<sha256>.<ext>`, their description in the
// sidecar `_meta/<sha256>.json` (buzz's field names, so either relay reads the other's blobs), which GET and
// HEAD read first.

export interface BlobInfo {
  readonly sha256: string;
  /** The object key's extension. */
  readonly ext: string;
  readonly mime: SniffedMime;
  readonly size: number;
  readonly uploadedAt: Date;
}

export interface StoredBlob extends BlobInfo {
  readonly data: Buffer;
}

interface Sidecar {
  ext: string;
  mime_type: SniffedMime;
  size: number;
  uploaded_at: number;
}

const objectKey = (sha256: string, mime: SniffedMime): string => `${sha256}.${extensionFor(mime)}`;
const sidecarKey = (sha256: string): string => `_meta/${sha256}.json`;

/** Stores the bytes unless they and their sidecar are already stored; either way answers the stored blob. */
export async function storeBlob(
  store: S3Store,
  blob: { readonly sha256: string; readonly mime: SniffedMime; readonly data: Buffer },
): Promise<BlobInfo> {
  const key = objectKey(blob.sha256, blob.mime);
  const [object, sidecar] = await Promise.all([store.head(key), store.head(sidecarKey(blob.sha256))]);
  if (object !== undefined && sidecar !== undefined) {
    const existing = await findBlobInfo(store, blob.sha256);
    if (existing !== undefined) return existing;
  }
  const uploadedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
  await store.put(key, blob.data, { contentType: blob.mime });
  const ext = extensionFor(blob.mime);
  const description: Sidecar = {
    ext,
    mime_type: blob.mime,
    size: blob.data.length,
    uploaded_at: uploadedAt.getTime() / 1000,
  };
  await store.put(sidecarKey(blob.sha256), Buffer.from(JSON.stringify(description)), {
    contentType: 'application/json',
  });
  return { sha256: blob.sha256, ext, mime: blob.mime, size: blob.data.length, uploadedAt };
}

export async function findBlobInfo(store: S3Store, sha256: string): Promise<BlobInfo | undefined> {
  const sidecar = await store.get(sidecarKey(sha256));
  if (sidecar === undefined) return undefined;
  const parsed = JSON.parse(sidecar.data.toString('utf8')) as Sidecar;
  return {
    sha256,
    ext: parsed.ext,
    mime: parsed.mime_type,
    size: parsed.size,
    uploadedAt: new Date(parsed.uploaded_at * 1000),
  };
}

export async function findBlob(store: S3Store, sha256: string): Promise<StoredBlob | undefined> {
  const info = await findBlobInfo(store, sha256);
  if (info === undefined) return undefined;
  const object = await store.get(`${sha256}.${info.ext}`);
  return object === undefined ? undefined : { ...info, data: object.data };
}
