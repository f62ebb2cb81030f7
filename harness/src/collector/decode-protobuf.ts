import { normalizeExportRequest } from './normalize-request.ts';
import { exportRequestType } from './otlp-proto.ts';
import { OtlpDecodeError, type ReceivedSpan } from './received-span.ts';

/** Decodes a binary ExportTraceServiceRequest (the gRPC message and the OTLP/HTTP protobuf body). */
export function decodeProtobufExport(bytes: Uint8Array): ReceivedSpan[] {
  let message: ReturnType<typeof exportRequestType.decode>;
  try {
    message = exportRequestType.decode(bytes);
  } catch (error) {
    throw new OtlpDecodeError(`not a valid protobuf ExportTraceServiceRequest: ${(error as Error).message}`);
  }
  // 64-bit integers as decimal strings (timestamps exceed 2^53); bytes as base64, which the walker turns into hex ids.
  const plain = exportRequestType.toObject(message, { longs: String, bytes: String, enums: Number });
  return normalizeExportRequest(plain, 'base64');
}
