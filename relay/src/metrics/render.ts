import { formatF64 } from './f64-display.ts';
import type { CounterFamily, GaugeFamily, HistogramFamily } from './families.ts';

// The exposition body of CONTRACT §2.1, in its canonical order: counters, gauges, histograms; families sorted by
// name inside their group; series sorted by their rendered label text; `# TYPE` then the samples then one empty
// line per family. Number layout follows metrics-exporter-prometheus: counters and `_count` as integers,
// gauges, `_sum` and `le` bounds through Rust's f64 Display.

export interface FamilySet {
  readonly counters: Iterable<CounterFamily>;
  readonly gauges: Iterable<GaugeFamily>;
  readonly histograms: Iterable<HistogramFamily>;
}

export function renderExposition(families: FamilySet): string {
  let out = '';
  for (const family of byName(families.counters)) {
    if (family.series.length === 0) continue;
    out += `# TYPE ${family.name} counter\n`;
    for (const series of byLabelText(family.series)) {
      out += `${sampleName(family.name, series.labelText)} ${series.value.toString()}\n`;
    }
    out += '\n';
  }
  for (const family of byName(families.gauges)) {
    if (family.value === undefined) continue;
    out += `# TYPE ${family.name} gauge\n${family.name} ${formatF64(family.value)}\n\n`;
  }
  for (const family of byName(families.histograms)) {
    if (family.series.length === 0) continue;
    out += `# TYPE ${family.name} histogram\n`;
    const bucketName = `${family.name}_bucket`;
    const leTexts = family.bounds.map((bound) => `le="${formatF64(bound)}"`);
    for (const series of byLabelText(family.series)) {
      const prefix = series.labelText === '' ? '' : `${series.labelText},`;
      let cumulative = 0;
      for (let i = 0; i < leTexts.length; i++) {
        cumulative += series.perBucket[i]!;
        out += `${bucketName}{${prefix}${leTexts[i]}} ${cumulative}\n`;
      }
      out += `${bucketName}{${prefix}le="+Inf"} ${series.count}\n`;
      out += `${sampleName(`${family.name}_sum`, series.labelText)} ${formatF64(series.sum)}\n`;
      out += `${sampleName(`${family.name}_count`, series.labelText)} ${series.count}\n`;
    }
    out += '\n';
  }
  return out;
}

/** `k="v",...` in the given order with the exporter's escaping; empty without labels. */
export function renderLabelText(names: readonly string[], values: readonly string[]): string {
  let text = '';
  for (let i = 0; i < names.length; i++) {
    if (i > 0) text += ',';
    text += `${names[i]}="${escapeLabelValue(values[i]!)}"`;
  }
  return text;
}

const NEEDS_ESCAPE = /[\\"\n]/;

// metrics-exporter-prometheus 0.18 (`sanitize_label_value`) escapes a newline as `\n` and a quote as `\"`, and
// treats backslashes as possibly escaping already: a pair `\\` is kept as it is, a lone `\` is doubled, and a
// `\` right before a quote is absorbed into the quote's escape. A backslash pending before a newline is written
// after the newline's escape. Everything else, other control characters included, passes through.
export function escapeLabelValue(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  let pendingBackslash = false;
  for (const c of value) {
    if (c === '\n') {
      out += '\\n';
    } else if (c === '"') {
      pendingBackslash = false;
      out += '\\"';
    } else if (c === '\\') {
      if (pendingBackslash) out += '\\\\';
      pendingBackslash = !pendingBackslash;
    } else {
      if (pendingBackslash) {
        out += '\\\\';
        pendingBackslash = false;
      }
      out += c;
    }
  }
  return pendingBackslash ? `${out}\\\\` : out;
}

function sampleName(name: string, labelText: string): string {
  return labelText === '' ? name : `${name}{${labelText}}`;
}

function byName<F extends { readonly name: string }>(families: Iterable<F>): F[] {
  return [...families].sort((a, b) => compareText(a.name, b.name));
}

function byLabelText<S extends { readonly labelText: string }>(series: Iterable<S>): S[] {
  return [...series].sort((a, b) => compareText(a.labelText, b.labelText));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
