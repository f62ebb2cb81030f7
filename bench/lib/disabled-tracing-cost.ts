import { disabledTracing } from '../../relay/src/telemetry/tracing.ts';

// What tracing-off costs an EVENT compared with code that has no tracing at all: the relay still calls its
// tracing facade three times per EVENT (ws.event → handle_event → fan_out_scoped) and builds the attribute
// objects, which the disabled facade ignores. Measured in-process on the relay's own facade, because end to end
// a few nanoseconds vanish in the run-to-run spread.

export interface DisabledTracingCost {
  /** Per EVENT, nanoseconds: facade path minus direct path. */
  readonly overheadNs: number;
  readonly directNs: number;
  readonly facadeNs: number;
}

const ITERATIONS = 200_000;
const ROUNDS = 10;

async function work(counter: { n: number }): Promise<void> {
  counter.n++;
}

async function timeLoop(body: (index: number) => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  for (let index = 0; index < ITERATIONS; index++) await body(index);
  return Number(process.hrtime.bigint() - started) / ITERATIONS;
}

export async function measureDisabledTracingCost(): Promise<DisabledTracingCost> {
  const counter = { n: 0 };
  const connId = '0b7f3c1e-5d2a-4c6b-9e8f-1a2b3c4d5e6f';
  const eventId = 'a'.repeat(64);
  const direct = () => timeLoop(() => work(counter));
  // The same shape as the relay's EVENT path when tracing is off: attribute objects and String(kind) are built
  // for every frame and handed to the facade, which runs the handler straight away.
  const facade = () =>
    timeLoop((index) => {
      const kind = String(index & 1);
      return disabledTracing.root('ws.event', { conn_id: connId, event_id: eventId, kind }, () =>
        disabledTracing.child('handle_event', { event_id: eventId, kind }, () =>
          disabledTracing.child('fan_out_scoped', {}, () => work(counter)),
        ),
      );
    });
  // Alternate and keep the fastest round of each, so JIT warm-up and a busy moment do not pick the answer.
  let directNs = Number.POSITIVE_INFINITY;
  let facadeNs = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    directNs = Math.min(directNs, await direct());
    facadeNs = Math.min(facadeNs, await facade());
  }
  return { directNs, facadeNs, overheadNs: facadeNs - directNs };
}
