// What the collector must have received from one traced ingest run (CONTRACT §3.3): every EVENT frame's three
// spans and every AUTH frame's two. A span missing means the relay dropped it (a full export queue, a shutdown that
// did not flush), which makes the run invalid: tracing that loses spans is cheaper than tracing that does not.

export interface TracedLoad {
  /** EVENT frames sent, warm-up included. */
  readonly events: number;
  /** Connections, each authenticated with one AUTH frame. */
  readonly connections: number;
}

export interface SpanCheck {
  /** e.g. `ws.event 5500/5500, handle_event 5500/5500, …`. */
  readonly summary: string;
  /** Names whose count is not what the load produces. */
  readonly wrong: readonly string[];
}

export function checkSpanCounts(counts: ReadonlyMap<string, number>, load: TracedLoad): SpanCheck {
  const expected = new Map<string, number>([
    ['ws.event', load.events],
    ['handle_event', load.events],
    ['fan_out_scoped', load.events],
    ['ws.auth', load.connections],
    ['handle_auth', load.connections],
  ]);
  const names = [...new Set([...expected.keys(), ...counts.keys()])];
  const wrong = names.filter((name) => (counts.get(name) ?? 0) !== (expected.get(name) ?? 0));
  const summary = names.map((name) => `${name} ${counts.get(name) ?? 0}/${expected.get(name) ?? 0}`).join(', ');
  return { summary, wrong };
}
