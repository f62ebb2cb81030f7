// The collector's view of what it received, as its query API serves it (JSON). Everything in harness/
// that reads spans reads this shape, whichever transport (gRPC, HTTP protobuf, HTTP JSON) delivered them.

/** An OTLP AnyValue with its wire type kept, so the suite can check that `kind` is a string, not an int. */
export type AttributeValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'int'; readonly value: string }
  | { readonly type: 'double'; readonly value: number }
  | { readonly type: 'bytes'; readonly value: string }
  | { readonly type: 'array'; readonly value: readonly AttributeValue[] }
  | { readonly type: 'kvlist'; readonly value: Readonly<Record<string, AttributeValue>> }
  | { readonly type: 'empty' };

export type Attributes = Readonly<Record<string, AttributeValue>>;

export type Transport = 'grpc' | 'http-protobuf' | 'http-json';

export interface CollectedSpan {
  /** Lowercase hex, 32 characters. */
  readonly traceId: string;
  /** Lowercase hex, 16 characters. */
  readonly spanId: string;
  /** Lowercase hex, or '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP SpanKind number: 1 INTERNAL, 2 SERVER, 3 CLIENT, 4 PRODUCER, 5 CONSUMER. */
  readonly kind: number;
  /** Nanoseconds since the epoch, as decimal strings (they exceed 2^53). */
  readonly startTimeUnixNano: string;
  readonly endTimeUnixNano: string;
  readonly attributes: Attributes;
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Attributes;
  readonly scope: { readonly name: string; readonly version: string };
  readonly transport: Transport;
  /** Order of arrival at the collector, from 0. */
  readonly seq: number;
}

export interface ConnectionRecord {
  /** Which of the collector's listeners accepted it. */
  readonly listener: 'grpc' | 'http';
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Milliseconds since the epoch. */
  readonly acceptedAt: number;
}

/** GET /spans */
export interface SpansResponse {
  readonly spans: readonly CollectedSpan[];
}

/** GET /connections */
export interface ConnectionsResponse {
  readonly connections: readonly ConnectionRecord[];
}
