import { afterAll, beforeAll, describe } from 'vitest';
import type { ClauseId, Profile } from '../src/clauses/catalogue.ts';
import { clauseTag } from '../src/clauses/catalogue.ts';
import { clauseTest } from '../src/clauses/clause-test.ts';
import type { Finding } from '../src/clauses/finding.ts';
import type { RunningCollector } from '../src/collector/launch.ts';
import type { CollectedSpan } from '../src/collector/model.ts';
import { fetchSpans } from '../src/collector/query-client.ts';
import { runSession } from '../src/scenarios/index.ts';
import { readSuiteEnv } from '../src/test-run/suite-env.ts';
import { buildTrees } from '../src/traces/build-trees.ts';
import { checkResources, expectedServiceName, type ResourceEnv } from '../src/traces/resource-check.ts';
import { SERVICE_NAME_CASES as CASES, type ServiceNameCase as Case } from '../src/traces/service-name-matrix.ts';
import { startSuiteCollector, startSuiteRelay } from './support/suite-relay.ts';
import { expectNoFindings } from './support/trace-evidence.ts';
import { sessionOpening } from './support/traced-scenario.ts';

// CONTRACT §3.2, one relay process per case of the precedence matrix, each exporting the spans of one AUTH frame
// to a shared fake collector; a case's spans are told apart by the event id of its AUTH (a fresh challenge makes it
// unique). Each case's resource must be exactly service.name plus the OTEL_RESOURCE_ATTRIBUTES pairs, with
// service.name by the profile's order: buzz (OTEL_RESOURCE_ATTRIBUTES wins) or otel-spec (OTEL_SERVICE_NAME wins).

/** Relays started at once: each is a process that loads its SDK, and the machine may have only two cores. */
const CONCURRENCY = 4;
/**
 * Budget of one wave of relays: start, one AUTH, graceful stop. buzz-relay alone spends 5 s between SIGTERM and
 * its drain (main.rs, `serve`), and a debug build with its migrations takes several seconds more to start.
 */
const WAVE_MS = 45_000;

interface CaseResult {
  readonly label: string;
  /** The spans of this case's AUTH frame, found by its event id. */
  readonly spans: readonly CollectedSpan[];
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>) {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index).then(
        (value): PromiseSettledResult<R> => ({ status: 'fulfilled', value }),
        (reason: unknown): PromiseSettledResult<R> => ({ status: 'rejected', reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The spans of the traces that carry `eventId` anywhere (handle_auth carries the AUTH's event_id). */
function spansOfEvent(spans: readonly CollectedSpan[], eventId: string): CollectedSpan[] {
  return buildTrees(spans)
    .trees.filter((tree) => tree.roots.some((root) => carries(root, eventId)))
    .flatMap((tree) => spans.filter((s) => s.traceId === tree.traceId));
}

function carries(node: ReturnType<typeof buildTrees>['trees'][number]['roots'][number], eventId: string): boolean {
  const id = node.span.attributes.event_id;
  return (id?.type === 'string' && id.value === eventId) || node.children.some((child) => carries(child, eventId));
}

function otelEnv(env: ResourceEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

describe('service.name and the resource, one relay per case (CONTRACT §3.2)', () => {
  const profile = readSuiteEnv().profile;
  let collector: RunningCollector | undefined;
  let results: PromiseSettledResult<CaseResult>[];

  beforeAll(
    async () => {
      const running = await startSuiteCollector();
      collector = running;
      const session = sessionOpening('traces', ['connect', 'auth']);
      const frames = await mapLimit(CASES, CONCURRENCY, async (c, index) => {
        const relay = await startSuiteRelay({
          label: `service-name-${index + 1}`,
          otel: { OTEL_EXPORTER_OTLP_ENDPOINT: running.grpcEndpoint, ...otelEnv(c.env) },
          extraEnv: session.relayEnv,
        });
        try {
          const transcript = await runSession(session, relay.endpoint);
          return { label: `relay "service-name-${index + 1}" (${c.name})`, frames: transcript.frames };
        } finally {
          // the graceful stop flushes the relay's spans: after it, the collector holds all it will ever get
          await relay.stop();
        }
      });
      const spans = await fetchSpans(running.queryUrl);
      results = frames.map((outcome) => {
        if (outcome.status === 'rejected') return outcome;
        const auth = outcome.value.frames.find((f) => f.type === 'AUTH');
        const own = auth?.type === 'AUTH' ? spansOfEvent(spans, auth.eventId) : [];
        return { status: 'fulfilled', value: { label: outcome.value.label, spans: own } };
      });
    },
    Math.ceil(CASES.length / CONCURRENCY) * WAVE_MS,
  );

  afterAll(async () => {
    await collector?.stop();
  });

  /** The case's findings under `profile`, or an error when the case has no evidence. */
  function findingsOf(index: number, judged: Profile, clause: ClauseId): Finding[] {
    const outcome = results[index];
    const c = CASES[index] as Case;
    if (outcome === undefined || outcome.status === 'rejected') throw outcome?.reason;
    if (outcome.value.spans.length === 0) {
      throw new Error(
        `${clauseTag(clause)} ${outcome.value.label}: no span carrying its AUTH's event_id reached the ` +
          'collector, so its resource cannot be judged (see spans.auth: handle_auth carries event_id). A relay ' +
          'without an OTLP tracer fails this way: buzz has one only from PR #1398 on (the 2026-06-14 snapshot has none)',
      );
    }
    return checkResources(outcome.value.spans, c.env, judged).map((f) => ({
      ...f,
      message: `${f.message} [case: ${c.name}]`,
    }));
  }

  for (const judged of ['buzz', 'otel-spec'] as const) {
    const id = `resource.service-name.${judged}` as const;
    CASES.forEach((c, index) => {
      clauseTest(id, `${c.name}: service.name is ${JSON.stringify(expectedServiceName(c.env, judged))}`, (ctx) => {
        if (profile !== judged) ctx.skip(`profile ${profile} checks [resource.service-name.${profile}] instead`);
        expectNoFindings(findingsOf(index, judged, id), id);
      });
    });
  }

  clauseTest(
    'resource.attributes',
    'in every case the resource holds exactly service.name and the OTEL_RESOURCE_ATTRIBUTES pairs (no telemetry.sdk.*, host or process)',
    () => {
      expectNoFindings(
        CASES.flatMap((_, index) => findingsOf(index, profile, 'resource.attributes')),
        'resource.attributes',
      );
    },
  );

  clauseTest(
    'resource.attributes-parsing',
    'OTEL_RESOURCE_ATTRIBUTES is split on "," and the first "=", trimmed, not percent-decoded; a pair without "=" is dropped',
    () => {
      expectNoFindings(
        CASES.flatMap((_, index) => findingsOf(index, profile, 'resource.attributes-parsing')),
        'resource.attributes-parsing',
      );
    },
  );
});
