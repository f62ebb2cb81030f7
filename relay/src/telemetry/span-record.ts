import {
  type HrTime,
  type Link,
  type SpanContext,
  SpanKind,
  type SpanStatus,
  SpanStatusCode,
  TraceFlags,
} from '@opentelemetry/api';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { SpanAttributes, SpanName } from './tracing.ts';

// One sampled span of a frame, exactly as the SDK's SpanImpl hands it to a span processor (the same fields, times
// and flags, so the exporter writes the same bytes), without what the relay never uses: attribute sanitising (its
// attributes are a few short strings it builds itself), events, links, status changes, span limits and the SDK's
// self-metrics. Each field is set once; the exporter only reads them.

const UNSET: SpanStatus = Object.freeze({ code: SpanStatusCode.UNSET });
const NONE: never[] = [];
const NANOS_PER_SECOND = 1e9;

// The SDK's millisToHrTime: whole seconds, and the rest rounded to nanoseconds.
function hrTimeOfMillis(millis: number): HrTime {
  const seconds = Math.trunc(millis / 1000);
  return [seconds, Math.round((millis % 1000) * 1e6)];
}

function addHrTimes(a: HrTime, b: HrTime): HrTime {
  const nanos = a[1] + b[1];
  return nanos >= NANOS_PER_SECOND ? [a[0] + b[0] + 1, nanos - NANOS_PER_SECOND] : [a[0] + b[0], nanos];
}

export type SpanScope = Pick<ReadableSpan, 'resource' | 'instrumentationScope'>;

export class SpanRecord implements ReadableSpan {
  readonly kind = SpanKind.INTERNAL;
  readonly status = UNSET;
  readonly links: Link[] = NONE;
  readonly events: TimedEvent[] = NONE;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly name: SpanName;
  readonly attributes: SpanAttributes;
  readonly resource: SpanScope['resource'];
  readonly instrumentationScope: SpanScope['instrumentationScope'];
  readonly parentSpanContext: SpanContext | undefined;
  // As the SDK does: the start is wall-clock milliseconds, the end adds the monotonic clock's elapsed time to it.
  readonly startTime: HrTime = hrTimeOfMillis(Date.now());
  readonly #startedAt = performance.now();
  readonly #context: SpanContext;
  endTime: HrTime = [0, 0];
  duration: HrTime = [-1, -1];
  ended = false;

  constructor(
    name: SpanName,
    attributes: SpanAttributes,
    scope: SpanScope,
    traceId: string,
    spanId: string,
    parent: SpanRecord | undefined,
  ) {
    this.name = name;
    this.attributes = attributes;
    this.resource = scope.resource;
    this.instrumentationScope = scope.instrumentationScope;
    this.parentSpanContext = parent?.spanContext();
    this.#context = { traceId, spanId, traceFlags: TraceFlags.SAMPLED, traceState: undefined };
  }

  spanContext(): SpanContext {
    return this.#context;
  }

  end(): void {
    this.duration = hrTimeOfMillis(performance.now() - this.#startedAt);
    this.endTime = addHrTimes(this.startTime, this.duration);
    this.ended = true;
  }
}
