// The exposition property: for any operation list, the reference relay's text and the Rust exporter's text are
// the same bytes once both are in canonical order, and the relay's own text is already in that order.
import fc from 'fast-check';
import type { ExpositionOracle } from '../../../oracle/client/run-oracle.ts';
import { canonicalOrder } from './canonical-order.ts';
import { describeOps, encodeOps, type MetricOp, opLists, renderWithRelay } from './metric-ops.ts';

export class ExpositionMismatch extends Error {}

export async function sameExposition(oracle: ExpositionOracle, ops: readonly MetricOp[]): Promise<void> {
  const relay = renderWithRelay(ops);
  const rust = await oracle.render(encodeOps(ops));
  const [relayCanonical, rustCanonical] = [canonicalOrder(relay, true), canonicalOrder(rust, true)];
  if (relayCanonical !== rustCanonical) {
    throw new ExpositionMismatch(
      `the relay and metrics-exporter-prometheus 0.18.3 render ${describeOps(ops)} differently\n` +
        `${firstDifference(relayCanonical, rustCanonical)}`,
    );
  }
  if (canonicalOrder(relay, false) !== relay) {
    throw new ExpositionMismatch(`the relay's text for ${describeOps(ops)} is not in canonical order:\n${relay}`);
  }
}

export function expositionProperty(oracle: ExpositionOracle, onCase: () => void) {
  return fc.asyncProperty(opLists, async (ops) => {
    onCase();
    await sameExposition(oracle, ops);
  });
}

function firstDifference(relay: string, rust: string): string {
  const a = relay.split('\n');
  const b = rust.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const i = at === -1 ? a.length : at;
  return `first different line (${i + 1}):\n  relay: ${JSON.stringify(a[i])}\n  rust:  ${JSON.stringify(b[i])}`;
}
