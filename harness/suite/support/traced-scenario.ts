import type { Finding } from '../../src/clauses/finding.ts';
import type { CollectedSpan } from '../../src/collector/model.ts';
import { fetchSpans } from '../../src/collector/query-client.ts';
import { loadSession, runSession, type Session, type SessionTranscript } from '../../src/scenarios/index.ts';
import { renderScenarioTraces } from '../../src/traces/judge-traces.ts';
import type { ResourceEnv } from '../../src/traces/resource-check.ts';
import { saveEvidence } from './evidence.ts';
import { startSuiteCollector, startSuiteRelay } from './suite-relay.ts';
import { waitForFrameSpans } from './trace-evidence.ts';

// One scenario with tracing on: its own fake collector, a relay exporting to it, the session, a bounded wait for
// the frames' spans, then a graceful stop. The spans are read once more after the relay has exited: the shutdown
// flushes whatever it still held, so spans that should not exist (a CLOSE span, a duplicate) are seen too.
// Spans that started before the session's first frame are the relay's own start-up work (buzz in membership mode
// publishes its member list through the same fan-out path); no frame caused them, so they are not judged.

export interface TracedScenario {
  readonly session: Session;
  readonly transcript: SessionTranscript;
  /** Every span the relay exported, read after it exited. */
  readonly spans: readonly CollectedSpan[];
  /** Whether the contract's number of spans had arrived while the relay still ran. */
  readonly completeWhileRunning: boolean;
  /** The resource variables the relay was given: none, so the resource must be service.name=buzz-relay alone. */
  readonly env: ResourceEnv;
  /** What the relay is called in messages. */
  readonly label: string;
  /** The relay's last output lines, kept as evidence of a failing clause. */
  readonly logs: readonly string[];
}

export async function runTracedScenario(scenario: string): Promise<TracedScenario> {
  const session = loadSession(scenario);
  const label = `${scenario}-spans`;
  const collector = await startSuiteCollector();
  try {
    const relay = await startSuiteRelay({
      label,
      otel: { OTEL_EXPORTER_OTLP_ENDPOINT: collector.grpcEndpoint },
      extraEnv: session.relayEnv,
    });
    let transcript: SessionTranscript;
    let completeWhileRunning: boolean;
    let sessionStartNs = 0n;
    try {
      // the session's first frame follows its connect within milliseconds
      const firstFrameAt = Date.now();
      sessionStartNs = BigInt(firstFrameAt) * 1_000_000n;
      // signed now, not when the relay was asked to start: buzz refuses events far from its clock
      transcript = await runSession(loadSession(scenario), relay.endpoint);
      ({ complete: completeWhileRunning } = await waitForFrameSpans(
        collector.queryUrl,
        transcript.frames,
        firstFrameAt,
      ));
    } finally {
      await relay.stop();
    }
    return {
      session,
      transcript,
      spans: (await fetchSpans(collector.queryUrl)).filter((span) => BigInt(span.startTimeUnixNano) >= sessionStartNs),
      completeWhileRunning,
      env: {},
      label: `relay "${label}" (${relay.relay.wsUrl})`,
      logs: relay.relay.logs(),
    };
  } finally {
    await collector.stop();
  }
}

/**
 * The first steps of a fixtures session, for checks that need one or two frames rather than a whole scenario.
 * Throws if the session no longer starts with `kinds`, so a fixture edit cannot silently change what they send.
 */
export function sessionOpening(scenario: string, kinds: readonly Session['steps'][number]['do'][]): Session {
  const session = loadSession(scenario);
  const steps = session.steps.slice(0, kinds.length);
  const actual = steps.map((s) => s.do);
  if (actual.join() !== kinds.join()) {
    throw new Error(
      `${session.file} must start with the steps ${kinds.join(', ')} (the tracing checks replay them), ` +
        `but starts with ${actual.join(', ')}`,
    );
  }
  return { ...session, steps };
}

/**
 * What a scenario whose spans broke a clause leaves as evidence: the ID-free span trees as the golden renders them,
 * every span as received, the frames the client sent, the findings and the relay's last log lines; `extra` adds
 * files (the golden it would become, the diff). Returns the directory, or null when nothing was saved.
 */
export function saveTracedEvidence(
  run: TracedScenario,
  findings: readonly Finding[],
  extra: Readonly<Record<string, string>> = {},
): Promise<string | null> {
  if (findings.length === 0) return Promise.resolve(null);
  return saveEvidence(`traces/${run.session.scenario}`, {
    'span-trees.txt': renderScenarioTraces(run.spans, run.transcript.frames),
    'spans.json': `${JSON.stringify(run.spans, null, 2)}\n`,
    'frames.json': `${JSON.stringify(run.transcript.frames, null, 2)}\n`,
    'findings.txt': `${findings.map((f) => f.message).join('\n')}\n`,
    'relay.log': `${run.logs.join('\n')}\n`,
    ...extra,
  });
}
