import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, SamplingDecision, SpanKind } from '@opentelemetry/api';
import { RandomIdGenerator, type Sampler, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { SpanRecord, type SpanScope } from './span-record.ts';
import type { SpanAttributes, SpanName } from './tracing.ts';

// The spans of §3.3 with the least work per span: every frame is its own trace, so all a span needs from its
// surroundings is its parent, which one AsyncLocalStorage carries across the frame's awaits. The SDK's Tracer would
// also build an OpenTelemetry Context per span, sanitise the attributes twice, consult the sampler for every child
// and record its own metrics; on the EVENT path that was most of what tracing cost.
//
// The sampler is asked once per trace, at its root, with no parent. The children follow that decision, which is
// what each sampler chooseSampler can return would decide for them: the parent-based ones follow a local parent,
// and always_on, always_off and traceidratio decide from the trace id alone, which the children share.

const NOT_SAMPLED = Symbol('not sampled');

export class FrameSpans {
  readonly #active = new AsyncLocalStorage<SpanRecord | typeof NOT_SAMPLED>();
  readonly #ids = new RandomIdGenerator();
  readonly #sampler: Sampler;
  readonly #processor: SpanProcessor;
  readonly #scope: SpanScope;

  constructor(sampler: Sampler, processor: SpanProcessor, scope: SpanScope) {
    this.#sampler = sampler;
    this.#processor = processor;
    this.#scope = scope;
  }

  /** A span that starts a new trace, whatever span is active. */
  root<T>(name: SpanName, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
    const traceId = this.#ids.generateTraceId();
    const { decision } = this.#sampler.shouldSample(ROOT_CONTEXT, traceId, name, SpanKind.INTERNAL, attributes, []);
    if (decision !== SamplingDecision.RECORD_AND_SAMPLED) return this.#active.run(NOT_SAMPLED, fn);
    return this.#run(new SpanRecord(name, attributes, this.#scope, traceId, this.#ids.generateSpanId(), undefined), fn);
  }

  /** A child of the active span; with none active, a root. */
  child<T>(name: SpanName, attributes: SpanAttributes, fn: () => Promise<T>): Promise<T> {
    const parent = this.#active.getStore();
    if (parent === undefined) return this.root(name, attributes, fn);
    if (parent === NOT_SAMPLED) return fn();
    const { traceId } = parent.spanContext();
    return this.#run(new SpanRecord(name, attributes, this.#scope, traceId, this.#ids.generateSpanId(), parent), fn);
  }

  async #run<T>(span: SpanRecord, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.#active.run(span, fn);
    } finally {
      span.end();
      this.#processor.onEnd(span);
    }
  }
}
