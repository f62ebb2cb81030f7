import type pg from 'pg';
import type { SniffedMime } from './sniff-mime.ts';

// Blobs in Postgres (`media_blobs`, migration 004-media.sql), addressed by the sha256 of their bytes.

export interface BlobInfo {
  readonly sha256: string;
  readonly mime: SniffedMime;
  readonly size: number;
  readonly uploadedAt: Date;
}

export interface StoredBlob extends BlobInfo {
  readonly data: Buffer;
}

interface BlobRow {
  sha256: string;
  mime: SniffedMime;
  /** bigint, which pg hands over as text. */
  size: string;
  uploaded_at: Date;
}

const INFO_COLUMNS = 'sha256, mime, size, uploaded_at';

const toInfo = (row: BlobRow): BlobInfo => ({
  sha256: row.sha256,
  mime: row.mime,
  size: Number(row.size),
  uploadedAt: row.uploaded_at,
});

/** Stores the bytes unless they are already stored; either way answers the stored blob's description. */
export async function storeBlob(
  pool: pg.Pool,
  blob: { readonly sha256: string; readonly mime: SniffedMime; readonly data: Buffer; readonly uploader: string },
): Promise<BlobInfo> {
  const inserted = await pool.query<BlobRow>(
    `INSERT INTO media_blobs (sha256, mime, size, data, uploader) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sha256) DO NOTHING
     RETURNING ${INFO_COLUMNS}`,
    [blob.sha256, blob.mime, blob.data.length, blob.data, blob.uploader],
  );
  const row = inserted.rows[0];
  if (row !== undefined) return toInfo(row);
  const existing = await findBlobInfo(pool, blob.sha256);
  if (existing === undefined) throw new Error(`blob ${blob.sha256} was neither inserted nor found`);
  return existing;
}

export async function findBlobInfo(pool: pg.Pool, sha256: string): Promise<BlobInfo | undefined> {
  const { rows } = await pool.query<BlobRow>(`SELECT ${INFO_COLUMNS} FROM media_blobs WHERE sha256 = $1`, [sha256]);
  return rows[0] === undefined ? undefined : toInfo(rows[0]);
}

export async function findBlob(pool: pg.Pool, sha256: string): Promise<StoredBlob | undefined> {
  const { rows } = await pool.query<BlobRow & { data: Buffer }>(
    `SELECT ${INFO_COLUMNS}, data FROM media_blobs WHERE sha256 = $1`,
    [sha256],
  );
  const row = rows[0];
  return row === undefined ? undefined : { ...toInfo(row), data: row.data };
}
