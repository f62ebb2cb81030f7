import { type Counter, CounterFamily, type Gauge, GaugeFamily, type Histogram, HistogramFamily } from './families.ts';
import { type CounterName, type GaugeName, type HistogramName, INSTRUMENTS } from './instruments.ts';
import { renderExposition } from './render.ts';

// Why not prom-client: (1) it creates the zero series of a label-less counter at registration, so families would
// not appear lazily as the contract requires; (2) its values come out through an async API while a scrape here is
// one synchronous pass; (3) its counters are JavaScript numbers, not exact u64; (4) its own text output differs
// (HELP lines, JavaScript number layout), so we would render ourselves anyway and it would only hold numbers.
// Plain Maps (families.ts) hold them with less work on the hot path.
//
// Lazy appearance follows metrics-exporter-prometheus: a series exists from the moment the Rust code registers
// its handle (`counter!(...)`, even if then incremented by 0), and from then on it is rendered, at 0 if need be.
// Here a series is registered by its first inc/set/add/observe, an inc by 0 included; asking for a family's
// handle alone registers nothing.

export type { Counter, Gauge, Histogram } from './families.ts';

export class MetricsRegistry {
  readonly #counters = new Map<CounterName, CounterFamily>();
  readonly #gauges = new Map<GaugeName, GaugeFamily>();
  readonly #histograms = new Map<HistogramName, HistogramFamily>();

  counter(name: CounterName): Counter {
    let family = this.#counters.get(name);
    if (family === undefined) {
      family = new CounterFamily(name, INSTRUMENTS[name]);
      this.#counters.set(name, family);
    }
    return family;
  }

  gauge(name: GaugeName): Gauge {
    let family = this.#gauges.get(name);
    if (family === undefined) {
      family = new GaugeFamily(name);
      this.#gauges.set(name, family);
    }
    return family;
  }

  histogram(name: HistogramName): Histogram {
    let family = this.#histograms.get(name);
    if (family === undefined) {
      family = new HistogramFamily(name, INSTRUMENTS[name]);
      this.#histograms.set(name, family);
    }
    return family;
  }

  /** The exposition body (CONTRACT §2.1), already in canonical order; empty until something is recorded. */
  render(): string {
    this.runUpkeep();
    return renderExposition({
      counters: this.#counters.values(),
      gauges: this.#gauges.values(),
      histograms: this.#histograms.values(),
    });
  }

  /** Drains histogram observations into their sums, as every render does and the exporter's upkeep task does. */
  runUpkeep(): void {
    for (const family of this.#histograms.values()) family.drain();
  }
}
