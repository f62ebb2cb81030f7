import { setTimeout as delay } from 'node:timers/promises';
import type { ClauseId } from '../../src/clauses/catalogue.ts';
import { clauseTag } from '../../src/clauses/catalogue.ts';
import type { Finding } from '../../src/clauses/finding.ts';
import type { CollectedSpan } from '../../src/collector/model.ts';
import { fetchSpans } from '../../src/collector/query-client.ts';
import type { SentFrame } from '../../src/traces/sent-frames.ts';
import { FRAME_SPANS, type SpanFrame } from '../../src/traces/span-contract.ts';

// What the tracing half of the suite shares: how many spans a scenario's frames must produce, a bounded wait for
// them at the collector, and the one way a clause test reports its findings (the CLI shows the thrown message
// as the clause's reason, so it is the findings themselves, one per line).

/**
 * How long a scenario's spans may take to reach the collector while the relay runs: a batch processor on the SDK's
 * default 5 s schedule (the Rust relay's) plus the export. The reference relay exports every 200 ms.
 */
export const SPAN_WAIT_MS = 7_000;
const POLL_MS = 50;

/** The number of spans CONTRACT §3.3 requires for `frames` (fan_out_scoped only where the event was fanned out). */
export function expectedSpanCount(frames: readonly SentFrame[]): number {
  let count = 0;
  for (const frame of frames) {
    if (!(frame.type in FRAME_SPANS)) continue;
    count += FRAME_SPANS[frame.type as SpanFrame].spans.length;
    if (frame.type === 'EVENT' && frame.fanOut === false) count -= 1;
  }
  return count;
}

export interface CollectedFrameSpans {
  readonly spans: readonly CollectedSpan[];
  /** False when the bound ran out before the contract's number of spans arrived; the checks then say what is missing. */
  readonly complete: boolean;
}

/**
 * Polls (bounded) until the collector holds at least the contract's spans for `frames`, and returns whatever it
 * holds then, complete or not: a missing span is a finding for the clause checks, not an error of the run.
 * The bound runs from now (the last frame) while spans are arriving. While none has arrived it runs from
 * `firstFrameAt` instead: a batch processor that exports on a schedule would have sent the first frame's spans
 * by then, so a relay that has sent nothing is not exporting while it runs, and waiting longer shows nothing new.
 */
export async function waitForFrameSpans(
  queryUrl: string,
  frames: readonly SentFrame[],
  firstFrameAt: number,
): Promise<CollectedFrameSpans> {
  const wanted = expectedSpanCount(frames);
  const afterLastFrame = Date.now() + SPAN_WAIT_MS;
  const afterFirstFrame = firstFrameAt + SPAN_WAIT_MS;
  for (;;) {
    const spans = await fetchSpans(queryUrl);
    if (spans.length >= wanted) return { spans, complete: true };
    if (Date.now() >= (spans.length > 0 ? afterLastFrame : afterFirstFrame)) return { spans, complete: false };
    await delay(POLL_MS);
  }
}

/** Throws the findings of `clause` (plus `details`, e.g. a raw diff) as one message; returns when there are none. */
export function expectNoFindings(
  findings: readonly Finding[],
  clause: ClauseId,
  details: readonly string[] = [],
): void {
  const own = findings.filter((f) => f.clause === clause).map((f) => f.message);
  if (own.length === 0) return;
  throw new Error([...own, ...details.filter((d) => d !== '')].join('\n'));
}

/** A clause about spans cannot be judged from none: say so, and what usually causes it, instead of passing. */
export function requireSpans(spans: readonly CollectedSpan[], clause: ClauseId, what: string): void {
  if (spans.length > 0) return;
  throw new Error(
    `${clauseTag(clause)} the collector received no span from ${what}, so there is nothing to judge this clause by. ` +
      'Does OTEL_EXPORTER_OTLP_ENDPOINT reach the relay (the adapter\'s "otelEnv"), and does it export over OTLP/gRPC? ' +
      'A relay without an OTLP tracer fails every span clause this way: buzz has one only from PR #1398 on, so a ' +
      'build of an earlier snapshot (such as 2026-06-14) has no tracer to export with.',
  );
}
