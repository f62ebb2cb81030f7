import { inject } from 'vitest';
import { type RunningCollector, startCollector } from '../../src/collector/launch.ts';
import { launchRelay, loadSuiteAdapter, type RelayUnderTest } from '../../src/relay-under-test/index.ts';
import type { RelayEndpoint } from '../../src/scenarios/run-session.ts';
import { createIsolatedDatabase, type IsolatedDatabase, redisUrlForWorker } from '../../src/services/isolation.ts';

// How a suite test file gets a relay under test: the adapter chosen for this run (BUZZ_COMPAT_ADAPTER, default the
// reference relay), a database of its own, this worker's Redis db index, and only the environment the test names.

export interface SuiteRelayOptions {
  /** Names the relay in logs and errors, and its database. */
  readonly label: string;
  /** OTEL_* variables for the relay; the adapter's otelEnv policy applies to them. */
  readonly otel?: Readonly<Record<string, string>>;
  /** Further variables, e.g. a session's relayEnv. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Share another node's database (several nodes of one cluster); by default the relay gets a fresh one. */
  readonly database?: IsolatedDatabase;
  /**
   * The Redis the relay joins, e.g. a db index leased with leaseRedisDb for one of several clusters a file runs at
   * once; by default this worker's db index, so every relay of a file without it is one cluster.
   */
  readonly redisUrl?: string;
}

export interface SuiteRelay {
  readonly relay: RelayUnderTest;
  readonly database: IsolatedDatabase;
  /** Where scenarios reach this relay. */
  readonly endpoint: RelayEndpoint;
  /** Graceful stop (SIGTERM), then the database is dropped unless it was borrowed. */
  stop(): Promise<void>;
}

export async function startSuiteRelay(options: SuiteRelayOptions): Promise<SuiteRelay> {
  const services = inject('services');
  const adapter = await loadSuiteAdapter();
  const database = options.database ?? (await createIsolatedDatabase(services.databaseUrl, options.label));
  const ownsDatabase = options.database === undefined;
  let relay: RelayUnderTest;
  try {
    relay = await launchRelay(adapter, {
      label: options.label,
      services: { databaseUrl: database.url, redisUrl: options.redisUrl ?? redisUrlForWorker(services.redisUrl) },
      otel: { ...options.otel },
      extraEnv: { ...options.extraEnv },
    });
  } catch (error) {
    if (ownsDatabase) await database.drop();
    throw error;
  }
  const httpUrl = relay.wsUrl.replace(/^ws/, 'http');
  return {
    relay,
    database,
    endpoint: { wsUrl: relay.wsUrl, httpUrl, relayUrl: relay.env.RELAY_URL ?? relay.wsUrl },
    async stop() {
      await relay.stop();
      if (ownsDatabase) await database.drop();
    },
  };
}

/** The fake collector for one test file, where the global setup said: container or child process. */
export function startSuiteCollector(): Promise<RunningCollector> {
  return startCollector({ mode: inject('collector').mode });
}
