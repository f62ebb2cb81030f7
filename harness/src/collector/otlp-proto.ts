// The subset of opentelemetry-proto (v1 trace collector) and google.rpc.Status that the collector needs, written
// from the public .proto files. It lives in code, not in .proto files, so the bundled collector reads nothing from
// disk at run time. Field numbers are the wire contract: keep them exactly as upstream defines them. Fields the
// collector does not keep (trace_state, flags, events, links, dropped counts, schema URLs) are left out: the decoder
// skips unknown fields.
import protobuf from 'protobufjs';

const COMMON = `
syntax = "proto3";
package opentelemetry.proto.common.v1;

message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
message InstrumentationScope {
  string name = 1;
  string version = 2;
}
`;

const RESOURCE = `
syntax = "proto3";
package opentelemetry.proto.resource.v1;

message Resource {
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 1;
}
`;

const TRACE = `
syntax = "proto3";
package opentelemetry.proto.trace.v1;

message ResourceSpans {
  opentelemetry.proto.resource.v1.Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
}
message ScopeSpans {
  opentelemetry.proto.common.v1.InstrumentationScope scope = 1;
  repeated Span spans = 2;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated opentelemetry.proto.common.v1.KeyValue attributes = 9;
  Status status = 15;
}
message Status {
  string message = 2;
  int32 code = 3;
}
`;

const COLLECTOR = `
syntax = "proto3";
package opentelemetry.proto.collector.trace.v1;

message ExportTraceServiceRequest {
  repeated opentelemetry.proto.trace.v1.ResourceSpans resource_spans = 1;
}
message ExportTraceServiceResponse {
  ExportTracePartialSuccess partial_success = 1;
}
message ExportTracePartialSuccess {
  int64 rejected_spans = 1;
  string error_message = 2;
}
`;

// What OTLP/HTTP answers a bad request with (the body of a 4xx).
const RPC_STATUS = `
syntax = "proto3";
package google.rpc;

message Status {
  int32 code = 1;
  string message = 2;
}
`;

// Enums (SpanKind, StatusCode) are declared as int32 on purpose: same varint on the wire, and a value outside the
// enum reaches the store as the number it was instead of being mapped or dropped.
const root = new protobuf.Root();
for (const source of [COMMON, RESOURCE, TRACE, COLLECTOR, RPC_STATUS]) {
  protobuf.parse(source, root, { keepCase: false });
}
root.resolveAll();

export const TRACE_SERVICE_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
export const exportRequestType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');
export const exportResponseType = root.lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse');
export const rpcStatusType = root.lookupType('google.rpc.Status');
