import { runSession, type Session, type SessionTranscript } from '../../src/scenarios/index.ts';
import { readMetricsGolden } from './metrics-golden-run.ts';
import { settledScrapes } from './metrics-scrape.ts';
import { leaseRedisDb } from './redis-db-lease.ts';
import { metricsGoldenName } from './scenarios.ts';
import { type SuiteRelay, startSuiteRelay } from './suite-relay.ts';

// One scenario for the metrics goldens: fresh relay(s) on a fresh database and a Redis db index of their own (so
// scenarios can run at the same time without hearing each other), the session, then a settled scrape of every node.
// The relays are stopped before this returns; the scrapes are plain text to judge afterwards.

export interface NodeScrape {
  readonly node: string;
  /** The golden this node's scrape is compared with (metricsGoldenName). */
  readonly golden: string;
  readonly body: string;
  /** The relay's last output lines when it was scraped, kept as evidence of a failing clause. */
  readonly logs: readonly string[];
}

export interface MetricsScenarioRun {
  readonly session: Session;
  readonly transcript: SessionTranscript;
  readonly scrapes: readonly NodeScrape[];
}

/**
 * `signed` gives the session with its events signed now: it is called once the relays are ready, because buzz
 * refuses events far from its clock (±900 s; a relay-admin 9030 ±120 s) and starting relays can take a while.
 */
export async function runMetricsScenario(
  session: Session,
  signed: () => Session = () => session,
): Promise<MetricsScenarioRun> {
  const { scenario } = session;
  const names = session.nodes.map((node) => metricsGoldenName(scenario, session.nodes, node));
  const goldens = await Promise.all(names.map(readMetricsGolden));
  const lease = await leaseRedisDb(`metrics-golden ${scenario}`);
  const relays: SuiteRelay[] = [];
  try {
    // One after another: the nodes share the first one's database, whose schema it creates, and its bucket.
    for (const node of session.nodes) {
      relays.push(
        await startSuiteRelay({
          label: `metrics ${scenario} ${node}`,
          extraEnv: session.relayEnv,
          redisUrl: lease.url,
          database: relays[0]?.database,
          bucket: relays[0]?.bucket,
        }),
      );
    }
    const [first, ...others] = relays as [SuiteRelay, ...SuiteRelay[]];
    const otherNodes = Object.fromEntries(session.nodes.slice(1).map((node, i) => [node, others[i]!.endpoint]));
    let transcript: SessionTranscript;
    try {
      transcript = await runSession(signed(), first.endpoint, { otherNodes });
    } catch (error) {
      const logs = relays.map(
        (r, i) => `--- relay ${session.nodes[i]} (last lines):\n${r.relay.logs().slice(-30).join('\n')}`,
      );
      throw new Error(`${(error as Error).message}\n${logs.join('\n')}`, { cause: error });
    }
    const bodies = await settledScrapes(
      relays.map((r) => r.relay.metricsUrl),
      { declared: session.metrics, goldens: goldens.map((g) => g?.body) },
    );
    return {
      session,
      transcript,
      scrapes: session.nodes.map((node, i) => ({
        node,
        golden: names[i] as string,
        body: bodies[i] as string,
        logs: relays[i]!.relay.logs(),
      })),
    };
  } finally {
    try {
      // The first node owns the database and the bucket, so it goes last.
      await Promise.allSettled(relays.slice(1).map((r) => r.stop()));
      await relays[0]?.stop();
    } finally {
      await lease.release();
    }
  }
}
