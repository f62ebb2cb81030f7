import type { BenchClient } from './client.ts';
import type { SignedLoad } from './presign.ts';

// The ingest generator: every connection keeps `window` EVENTs in flight and sends the next one as soon as an OK
// comes back (closed loop, pipelined), until its load is sent or the deadline passes. Only pre-built strings are
// sent; the one parse per OK is the least that still checks the relay's answer.

export interface IngestRunOptions {
  readonly clients: readonly BenchClient[];
  /** loads[i] is sent on clients[i]. */
  readonly loads: readonly SignedLoad[];
  readonly window: number;
  /** No new EVENT is sent after this long; in-flight ones are still awaited. */
  readonly maxSeconds: number;
  /** The run fails when no OK arrives on a connection with events in flight for this long. */
  readonly stallMs?: number;
}

export interface IngestRunResult {
  readonly sent: number;
  readonly accepted: number;
  /** OKs that were false or said something (e.g. `duplicate:`): id → message, first 20 kept. */
  readonly refused: ReadonlyMap<string, string>;
  readonly refusedCount: number;
  readonly elapsedMs: number;
  /** Send → OK, milliseconds, one per answered EVENT. */
  readonly latenciesMs: Float64Array;
  /** Ids that got OK true with an empty message, i.e. newly stored. */
  readonly acceptedIds: string[];
}

const REFUSALS_KEPT = 20;

export function runIngest(options: IngestRunOptions): Promise<IngestRunResult> {
  const { clients, loads, window } = options;
  const stallMs = options.stallMs ?? 30_000;
  const total = loads.reduce((sum, load) => sum + load.frames.length, 0);
  const latencies = new Float64Array(total);
  const acceptedIds: string[] = [];
  const refused = new Map<string, string>();
  let refusedCount = 0;
  let answered = 0;
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.maxSeconds * 1000;

  return new Promise((resolve, reject) => {
    let lastProgress = performance.now();
    let finished = false;
    const lanes = clients.map((client, lane) => {
      const load = loads[lane]!;
      const sentAt = new Float64Array(load.frames.length);
      const indexOf = new Map<string, number>(load.ids.map((id, index) => [id, index]));
      const onClose = (code: number) =>
        finish(new Error(`connection ${lane} closed by the relay (code ${code}) during the run`));
      return { client, load, sentAt, indexOf, onClose, next: 0, inFlight: 0 };
    });
    const finish = (error?: Error) => {
      if (finished) return;
      finished = true;
      clearInterval(watchdog);
      for (const lane of lanes) {
        lane.client.onFrame(() => {});
        lane.client.ws.off('close', lane.onClose);
      }
      if (error !== undefined) return reject(error);
      resolve({
        sent,
        accepted: acceptedIds.length,
        refused,
        refusedCount,
        elapsedMs: performance.now() - started,
        latenciesMs: latencies.subarray(0, answered),
        acceptedIds,
      });
    };
    const pump = (lane: (typeof lanes)[number]) => {
      while (lane.inFlight < window && lane.next < lane.load.frames.length && performance.now() < deadline) {
        const index = lane.next++;
        lane.sentAt[index] = performance.now();
        lane.client.ws.send(lane.load.frames[index]!);
        lane.inFlight++;
        sent++;
      }
    };
    const laneDone = (lane: (typeof lanes)[number]) =>
      lane.inFlight === 0 && (lane.next === lane.load.frames.length || performance.now() >= deadline);

    for (const lane of lanes) {
      lane.client.onFrame((text) => {
        const now = performance.now();
        const frame = JSON.parse(text) as unknown[];
        if (frame[0] !== 'OK') return;
        const id = frame[1] as string;
        const index = lane.indexOf.get(id);
        if (index === undefined) return;
        latencies[answered++] = now - lane.sentAt[index]!;
        lane.inFlight--;
        lastProgress = now;
        if (frame[2] === true && frame[3] === '') acceptedIds.push(id);
        else {
          refusedCount++;
          if (refused.size < REFUSALS_KEPT) refused.set(id, `${String(frame[2])} ${String(frame[3])}`);
        }
        pump(lane);
        if (lanes.every(laneDone)) finish();
      });
      lane.client.ws.once('close', lane.onClose);
    }
    const watchdog = setInterval(() => {
      if (performance.now() - lastProgress > stallMs) {
        finish(
          new Error(`no OK for ${stallMs} ms with ${sent - answered} EVENTs in flight (${answered}/${sent} answered)`),
        );
      }
      // A deadline that passes while a lane is idle (nothing in flight) ends that lane without an OK to notice it.
      if (lanes.every(laneDone)) finish();
    }, 200);
    for (const lane of lanes) pump(lane);
    if (lanes.every(laneDone)) finish();
  });
}
