// What vitest's globalSetup provides to test files (inject), and what a clause test hands the CLI in its task
// metadata. Plain data only; relay/ and harness/ tests both read it, so it lives here rather than in either of them.
import 'vitest';
import type { ClauseTestMeta } from './harness/src/clauses/test-meta.ts';
import type { OracleAvailability } from './oracle/client/availability.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    services: {
      readonly mode: 'external' | 'containers' | 'local';
      /** Superuser URL on an admin database: create your own database from it. */
      readonly databaseUrl: string;
      readonly redisUrl: string;
      /** Path-style S3 (SigV4, us-east-1): create your own bucket in it. */
      readonly objectStore: { readonly url: string; readonly accessKey: string; readonly secretKey: string };
    };
    /** Where test files start their own fake OTLP collector. */
    collector: { readonly mode: 'process' | 'container' };
    /** Whether the Rust oracle (oracle/) was built for this run, and where; see oracle/client/global-setup.ts. */
    oracle: OracleAvailability;
    /** True under `vitest -u`: the golden comparisons write what they saw, as `npm run golden:update` does. */
    updateGoldens: boolean;
  }

  export interface TaskMeta {
    /** Set by harness/src/clauses/clause-test.ts and the clause tests; read by harness/src/cli/vitest-outcomes.ts. */
    buzzCompat?: ClauseTestMeta;
  }
}
