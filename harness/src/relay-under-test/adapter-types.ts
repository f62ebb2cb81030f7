// The adapter is the only thing the harness knows about a relay: how to start it, what env it gets, when it is
// ready and where its endpoints are. These are the validated, resolved forms that the rest of the module uses.

/** The values a template string may reference as `{name}`. */
export const PLACEHOLDERS = [
  'databaseUrl',
  'redisUrl',
  's3Endpoint',
  's3AccessKey',
  's3SecretKey',
  's3Bucket',
  'wsPort',
  'healthPort',
  'metricsPort',
  'adapterDir',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Readonly<Record<Placeholder, string>>;

/**
 * How the OTEL_* variables the suite wants to give the relay reach it:
 * - `passthrough`: under their own names;
 * - `withhold`: not at all (the relay then never exports spans; used to prove the tracing clauses can fail);
 * - `rename`: listed names are renamed for relays that read other variables, `null` withholds that one;
 *   names not listed pass through unchanged.
 */
export type OtelEnvPolicy =
  | { readonly mode: 'passthrough' }
  | { readonly mode: 'withhold' }
  | { readonly mode: 'rename'; readonly names: Readonly<Record<string, string | null>> };

/**
 * Whether the relay keeps clusters on different db indexes of one Redis apart on its pub/sub channels too. Redis
 * pub/sub ignores db indexes, so only a relay that names its channels by the index (`per-db-index`) can share one
 * server between clusters; any other (`shared`, the default) gets a Redis server per cluster from the suite.
 */
export type RedisPubSubScope = 'per-db-index' | 'shared';

export type ReadinessProbe =
  | { readonly kind: 'http'; readonly url: string; readonly timeoutMs: number }
  | { readonly kind: 'tcp'; readonly address: string; readonly timeoutMs: number }
  | { readonly kind: 'logLine'; readonly pattern: RegExp; readonly timeoutMs: number };

export interface MigrateStep {
  readonly command: readonly string[];
  readonly timeoutMs: number;
}

export interface RelayAdapter {
  readonly name: string;
  /** Absolute path of the adapter file; relative paths inside it are resolved from its directory. */
  readonly file: string;
  readonly dir: string;
  /**
   * The program and its arguments; without an image `node` as the first word is already resolved to the harness's
   * Node (≥ 22). With an image it is the container's command, or null to run the image's own.
   */
  readonly command: readonly string[] | null;
  readonly image: string | null;
  /** Absolute working directory for `command`. */
  readonly cwd: string;
  /** Variable name → template. */
  readonly env: Readonly<Record<string, string>>;
  /** Names copied from the harness's own environment when set there (never OTEL_*), e.g. CARGO_HOME. */
  readonly inheritEnv: readonly string[];
  readonly otelEnv: OtelEnvPolicy;
  readonly redisPubSub: RedisPubSubScope;
  readonly readiness: ReadinessProbe;
  /** Templates. */
  readonly urls: { readonly ws: string; readonly metrics: string; readonly health: string };
  readonly migrate: MigrateStep | null;
}
