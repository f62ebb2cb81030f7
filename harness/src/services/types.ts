// What the test services hand to test files: plain connection data only, so it can cross from vitest's
// globalSetup to its workers (provide/inject) and to relays started as processes.

export type ServicesMode = 'external' | 'containers' | 'local';

export interface ServiceEndpoints {
  readonly mode: ServicesMode;
  /** A superuser URL on the admin database; each test file creates its own database from it. */
  readonly databaseUrl: string;
  /** A Redis server; each test file takes its own db index (see isolation.ts). */
  readonly redisUrl: string;
  /** An S3-compatible store; each relay cluster gets a bucket of its own (see s3-client.ts). */
  readonly objectStore: ObjectStoreEndpoint;
}

/** Path-style S3 with SigV4 (region us-east-1): buckets are `${url}/<bucket>`. */
export interface ObjectStoreEndpoint {
  readonly url: string;
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface StartedServices {
  readonly endpoints: ServiceEndpoints;
  /** Idempotent; never rejects (teardown errors are reported, not thrown). */
  stop(): Promise<void>;
}

/** A service that could not be provided, with a message a newcomer can act on. */
export class ServicesError extends Error {
  override name = 'ServicesError';
}
