import type { BenchClient } from './client.ts';
import type { SignedLoad } from './presign.ts';

// The fan-out generator: one publisher sends pre-signed events on a fixed schedule (open loop: it never waits for an
// OK, so a slow relay cannot slow the offered load down), and every subscriber stamps each EVENT it receives.
// Send and receive times come from the same process clock, so latency = receive − send needs no clock sync.

export interface FanoutRunOptions {
  readonly publisher: BenchClient;
  readonly subscribers: readonly BenchClient[];
  readonly subId: string;
  readonly load: SignedLoad;
  readonly ratePerSecond: number;
  /** After the last send, how long to wait for the remaining deliveries. */
  readonly drainMs: number;
}

export interface FanoutRunResult {
  readonly sent: number;
  readonly okTrue: number;
  readonly okOther: number;
  readonly delivered: number;
  readonly expected: number;
  /** Publisher send → subscriber receive, ms, one per delivery. */
  readonly latenciesMs: Float64Array;
  /** Offered rate actually achieved, from the first to the last send. */
  readonly sendRate: number;
  /** How late the publisher sent an event against its schedule, at worst (ms): the generator's own lag. */
  readonly maxSendLagMs: number;
}

export function runFanout(options: FanoutRunOptions): Promise<FanoutRunResult> {
  const { publisher, subscribers, load, subId } = options;
  const count = load.frames.length;
  const expected = count * subscribers.length;
  const sentAt = new Float64Array(count);
  const indexOf = new Map<string, number>(load.ids.map((id, index) => [id, index]));
  const latencies = new Float64Array(expected);
  let delivered = 0;
  let okTrue = 0;
  let okOther = 0;
  let sent = 0;
  let maxSendLagMs = 0;
  const intervalMs = 1000 / options.ratePerSecond;

  return new Promise((resolve) => {
    let drainTimer: NodeJS.Timeout | undefined;
    let paceTimer: NodeJS.Timeout | undefined;
    let done = false;
    const complete = () => sent === count && delivered === expected && okTrue + okOther === count;
    const finish = () => {
      if (done) return;
      done = true;
      clearTimeout(drainTimer);
      clearTimeout(paceTimer);
      for (const client of [publisher, ...subscribers]) client.onFrame(() => {});
      const sendSpanMs = sent > 1 ? sentAt[sent - 1]! - sentAt[0]! : 0;
      resolve({
        sent,
        okTrue,
        okOther,
        delivered,
        expected,
        latenciesMs: latencies.subarray(0, delivered),
        sendRate: sendSpanMs > 0 ? ((sent - 1) / sendSpanMs) * 1000 : 0,
        maxSendLagMs,
      });
    };
    for (const subscriber of subscribers) {
      subscriber.onFrame((text) => {
        const now = performance.now();
        const frame = JSON.parse(text) as [string, string, { id?: string }];
        if (frame[0] !== 'EVENT' || frame[1] !== subId) return;
        const index = indexOf.get(frame[2].id ?? '');
        if (index === undefined) return;
        latencies[delivered++] = now - sentAt[index]!;
        if (complete()) finish();
      });
    }
    publisher.onFrame((text) => {
      const frame = JSON.parse(text) as unknown[];
      if (frame[0] !== 'OK' || !indexOf.has(frame[1] as string)) return;
      if (frame[2] === true && frame[3] === '') okTrue++;
      else okOther++;
      if (complete()) finish();
    });
    const started = performance.now();
    const pace = () => {
      // Every event whose slot has come is sent now; a late timer sends the backlog at once rather than shifting
      // the schedule, which is what keeps the loop open.
      const now = performance.now();
      while (sent < count && started + sent * intervalMs <= now) {
        maxSendLagMs = Math.max(maxSendLagMs, now - (started + sent * intervalMs));
        sentAt[sent] = performance.now();
        publisher.ws.send(load.frames[sent]!);
        sent++;
      }
      if (sent < count) {
        paceTimer = setTimeout(pace, Math.max(0, started + sent * intervalMs - performance.now()));
      } else {
        drainTimer = setTimeout(finish, options.drainMs);
      }
    };
    pace();
  });
}
