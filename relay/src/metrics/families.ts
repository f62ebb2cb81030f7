import type { InstrumentSpec } from './instruments.ts';
import { renderLabelText } from './render.ts';

// One family per instrument, holding the series registered so far. A family with no series is not rendered:
// that is the contract's lazy appearance (§2.1).

export interface Counter {
  /** `labelValues` in the order of the instrument's `labels`; `by` defaults to 1. */
  inc(labelValues?: readonly string[], by?: number | bigint): void;
}

export interface Gauge {
  set(value: number): void;
  add(delta: number): void;
}

export interface Histogram {
  /** `labelValues` in the order of the instrument's `labels`. */
  observe(value: number, labelValues?: readonly string[]): void;
}

export interface CounterSeries {
  readonly labelText: string;
  value: number | bigint;
}

export interface HistogramSeries {
  readonly labelText: string;
  /** Observations per bucket, not cumulative: index i counts values in (bounds[i-1], bounds[i]]. */
  readonly perBucket: number[];
  count: number;
  /** The sum of the drained observations; `pending` holds the ones not yet added (see HistogramFamily.drain). */
  sum: number;
  pending: number[];
}

const NO_LABELS: readonly string[] = [];
const U64_MODULUS = 1n << 64n;
/** metrics-util's AtomicBucket block size on 64-bit targets. */
const BLOCK_SIZE = 64;

// Series are found through a trie of Maps, one level per label value, so a lookup hashes each value on its own
// and builds no key string (a joined key costs a fresh string hash per call, roughly ten times slower).
type SeriesTrie<S> = Map<string, SeriesTrie<S> | S>;

abstract class LabelledFamily<S> {
  readonly name: string;
  readonly labelNames: readonly string[];
  /** Every series, in registration order. */
  readonly series: S[] = [];
  readonly #trie: SeriesTrie<S> = new Map();
  #unlabelled: S | undefined;

  constructor(name: string, spec: InstrumentSpec) {
    this.name = name;
    this.labelNames = spec.labels;
  }

  protected seriesFor(labelValues: readonly string[]): S {
    const depth = labelValues.length;
    if (depth !== this.labelNames.length) {
      throw new Error(
        `metric ${this.name} takes ${this.labelNames.length} label value(s) [${this.labelNames.join(', ')}], ` +
          `got ${depth}: pass them in that order`,
      );
    }
    if (depth === 0) {
      this.#unlabelled ??= this.#register(labelValues);
      return this.#unlabelled;
    }
    let node = this.#trie;
    for (let i = 0; i < depth - 1; i++) {
      const value = labelValues[i]!;
      let next = node.get(value) as SeriesTrie<S> | undefined;
      if (next === undefined) {
        next = new Map();
        node.set(value, next);
      }
      node = next;
    }
    const last = labelValues[depth - 1]!;
    let series = node.get(last) as S | undefined;
    if (series === undefined) {
      series = this.#register(labelValues);
      node.set(last, series);
    }
    return series;
  }

  #register(labelValues: readonly string[]): S {
    const series = this.create(renderLabelText(this.labelNames, labelValues));
    this.series.push(series);
    return series;
  }

  protected abstract create(labelText: string): S;
}

// Rust counters are u64 kept in an AtomicU64 whose fetch_add wraps. Values stay plain numbers while exact
// and move to bigint past 2^53 - 1, so the common path does no bigint work.
export class CounterFamily extends LabelledFamily<CounterSeries> implements Counter {
  inc(labelValues: readonly string[] = NO_LABELS, by: number | bigint = 1): void {
    if (typeof by === 'number' ? !(Number.isSafeInteger(by) && by >= 0) : by < 0n || by >= U64_MODULUS) {
      throw new Error(`counter ${this.name} increment must be an unsigned 64-bit integer, got ${String(by)}`);
    }
    const series = this.seriesFor(labelValues);
    if (typeof by === 'number' && typeof series.value === 'number') {
      const next = series.value + by;
      if (next <= Number.MAX_SAFE_INTEGER) {
        series.value = next;
        return;
      }
    }
    series.value = (BigInt(series.value) + BigInt(by)) % U64_MODULUS;
  }

  protected create(labelText: string): CounterSeries {
    return { labelText, value: 0 };
  }
}

export class HistogramFamily extends LabelledFamily<HistogramSeries> implements Histogram {
  readonly bounds: readonly number[];

  constructor(name: string, spec: InstrumentSpec) {
    super(name, spec);
    if (spec.buckets === undefined) throw new Error(`histogram ${name} has no buckets in instruments.ts`);
    this.bounds = spec.buckets;
  }

  // A value lands in the first bucket whose bound is >= it (Prometheus `le`); NaN and values above the last
  // bound land in none and show only in `+Inf`, `_count` and `_sum`, as in metrics-util's histogram.
  observe(value: number, labelValues: readonly string[] = NO_LABELS): void {
    const series = this.seriesFor(labelValues);
    const bounds = this.bounds;
    for (let i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]!) {
        series.perBucket[i]!++;
        break;
      }
    }
    series.count++;
    series.pending.push(value);
  }

  /**
   * Adds the pending observations to each series' sum the way metrics-exporter-prometheus does when a scrape or
   * its 5 s upkeep drains them: the samples sit in storage blocks of 64 in arrival order, the newest block is
   * read first, and each block's own sum (from +0) is added to the total. Float addition does not reassociate,
   * so a plain running sum would differ in its last digits or in NaN versus ±inf (the oracle found both).
   */
  drain(): void {
    for (const series of this.series) {
      const pending = series.pending;
      if (pending.length === 0) continue;
      for (let start = Math.floor((pending.length - 1) / BLOCK_SIZE) * BLOCK_SIZE; start >= 0; start -= BLOCK_SIZE) {
        let blockSum = 0;
        for (let i = start; i < Math.min(start + BLOCK_SIZE, pending.length); i++) blockSum += pending[i]!;
        series.sum += blockSum;
      }
      series.pending = [];
    }
  }

  protected create(labelText: string): HistogramSeries {
    return { labelText, perBucket: new Array<number>(this.bounds.length).fill(0), count: 0, sum: 0, pending: [] };
  }
}

// Every gauge of the contract is label-less, so a gauge family is its one series; `value` stays undefined until
// the first set or add registers it.
export class GaugeFamily implements Gauge {
  readonly name: string;
  value: number | undefined;

  constructor(name: string) {
    this.name = name;
  }

  set(value: number): void {
    this.value = value;
  }

  add(delta: number): void {
    this.value = (this.value ?? 0) + delta;
  }
}
