import { normalizeExportRequest } from './normalize-request.ts';
import { OtlpDecodeError, type ReceivedSpan } from './received-span.ts';

/** Decodes an OTLP/JSON ExportTraceServiceRequest: lowerCamelCase keys, hex ids, int64 as number or string. */
export function decodeJsonExport(text: string): ReceivedSpan[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new OtlpDecodeError(`body is not JSON: ${(error as Error).message}`);
  }
  return normalizeExportRequest(parsed, 'hex');
}
