import type { ExpectedGolden } from '../../src/golden/orphans.ts';
import { loadFixtures } from '../../src/scenarios/index.ts';

// The scenarios the suite compares with goldens, in one place: the metrics and traces suites take their lists from
// here and golden-orphans.test.ts holds golden/ against them, so a golden nothing compares with, or a compared
// scenario without its golden, fails `golden.present` instead of passing silently.

/** Sessions whose /metrics metrics-golden.test.ts compares, one golden per node. */
export const METRICS_SCENARIOS: readonly string[] = [
  'core-ingest',
  'auth',
  'allowlist',
  'relay-members',
  'http',
  'channels',
  'media',
  'multi-node',
  'traces',
];

/** Sessions whose span trees traces-golden.test.ts compares with golden/traces/<scenario>.txt. */
export const TRACES_SCENARIOS: readonly string[] = ['traces'];

/**
 * The golden name of one node's scrape: the scenario itself for a single-node session; `<scenario>.<node>` when the
 * session runs several nodes, because each node counts different things (only the receiving node counts fan-in).
 */
export function metricsGoldenName(scenario: string, nodes: readonly string[], node: string): string {
  return nodes.length === 1 ? scenario : `${scenario}.${node}`;
}

/** Every golden file the suite compares with, for the orphan check. */
export function expectedGoldens(): ExpectedGolden[] {
  const { sessions } = loadFixtures();
  const metrics = METRICS_SCENARIOS.flatMap((scenario) => {
    const nodes = sessions.get(scenario)?.nodes;
    if (nodes === undefined) throw new Error(`METRICS_SCENARIOS names ${scenario}, which has no fixtures session`);
    return nodes.map((node) => ({ kind: 'metrics' as const, scenario: metricsGoldenName(scenario, nodes, node) }));
  });
  const traces = TRACES_SCENARIOS.map((scenario) => ({ kind: 'traces' as const, scenario }));
  return [...metrics, ...traces];
}
