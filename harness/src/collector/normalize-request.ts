// Turns an ExportTraceServiceRequest in its plain-object form (lowerCamelCase keys, as protobufjs' toObject and
// OTLP/JSON both produce) into the collector's span model. One walker serves both transports; they differ only in
// how trace and span ids are spelled (base64 after protobuf decoding, hex in OTLP/JSON).
import type { Attributes, AttributeValue } from './model.ts';
import { OtlpDecodeError, type ReceivedSpan } from './received-span.ts';

export type IdEncoding = 'base64' | 'hex';

type Plain = Readonly<Record<string, unknown>>;

const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;
const DECIMAL = /^-?\d+$/;

export function normalizeExportRequest(request: unknown, ids: IdEncoding): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  const root = asObject(request, 'request');
  list(root, 'resourceSpans', 'request').forEach((resourceSpans, r) => {
    const rPath = `resourceSpans[${r}]`;
    const rs = asObject(resourceSpans, rPath);
    const resourceObject = optionalObject(rs, 'resource', rPath);
    const resource = resourceObject ? attributes(resourceObject, 'attributes', `${rPath}.resource`) : {};
    list(rs, 'scopeSpans', rPath).forEach((scopeSpans, s) => {
      const sPath = `${rPath}.scopeSpans[${s}]`;
      const ss = asObject(scopeSpans, sPath);
      const scopeObject = optionalObject(ss, 'scope', sPath);
      const scope = {
        name: scopeObject ? str(scopeObject, 'name', `${sPath}.scope`) : '',
        version: scopeObject ? str(scopeObject, 'version', `${sPath}.scope`) : '',
      };
      list(ss, 'spans', sPath).forEach((span, i) => {
        spans.push({
          ...normalizeSpan(asObject(span, `${sPath}.spans[${i}]`), `${sPath}.spans[${i}]`, ids),
          resource,
          scope,
        });
      });
    });
  });
  return spans;
}

function normalizeSpan(span: Plain, path: string, ids: IdEncoding): Omit<ReceivedSpan, 'resource' | 'scope'> {
  const statusObject = optionalObject(span, 'status', path);
  return {
    traceId: id(span, 'traceId', path, ids),
    spanId: id(span, 'spanId', path, ids),
    parentSpanId: id(span, 'parentSpanId', path, ids),
    name: str(span, 'name', path),
    kind: enumNumber(span, 'kind', path),
    startTimeUnixNano: uint64(span, 'startTimeUnixNano', path),
    endTimeUnixNano: uint64(span, 'endTimeUnixNano', path),
    attributes: attributes(span, 'attributes', path),
    status: {
      code: statusObject ? enumNumber(statusObject, 'code', `${path}.status`) : 0,
      message: statusObject ? str(statusObject, 'message', `${path}.status`) : '',
    },
  };
}

function attributes(owner: Plain, key: string, path: string): Attributes {
  const result: Record<string, AttributeValue> = {};
  list(owner, key, path).forEach((entry, i) => {
    const entryPath = `${path}.${key}[${i}]`;
    const kv = asObject(entry, entryPath);
    const valueObject = optionalObject(kv, 'value', entryPath);
    result[str(kv, 'key', entryPath)] = valueObject ? anyValue(valueObject, `${entryPath}.value`) : { type: 'empty' };
  });
  return result;
}

function anyValue(value: Plain, path: string): AttributeValue {
  if (value.stringValue !== undefined) return { type: 'string', value: str(value, 'stringValue', path) };
  if (value.boolValue !== undefined) {
    if (typeof value.boolValue !== 'boolean') throw invalid(`${path}.boolValue`, 'a boolean', value.boolValue);
    return { type: 'bool', value: value.boolValue };
  }
  if (value.intValue !== undefined) return { type: 'int', value: int64(value.intValue, `${path}.intValue`) };
  if (value.doubleValue !== undefined)
    return { type: 'double', value: double(value.doubleValue, `${path}.doubleValue`) };
  if (value.bytesValue !== undefined) return { type: 'bytes', value: base64(value.bytesValue, `${path}.bytesValue`) };
  if (value.arrayValue !== undefined) {
    const array = asObject(value.arrayValue, `${path}.arrayValue`);
    return {
      type: 'array',
      value: list(array, 'values', `${path}.arrayValue`).map((item, i) =>
        anyValue(asObject(item, `${path}.arrayValue.values[${i}]`), `${path}.arrayValue.values[${i}]`),
      ),
    };
  }
  if (value.kvlistValue !== undefined) {
    return {
      type: 'kvlist',
      value: attributes(asObject(value.kvlistValue, `${path}.kvlistValue`), 'values', `${path}.kvlistValue`),
    };
  }
  return { type: 'empty' };
}

function id(owner: Plain, key: string, path: string, encoding: IdEncoding): string {
  const raw = owner[key];
  if (raw === undefined || raw === null || raw === '') return '';
  if (typeof raw !== 'string') throw invalid(`${path}.${key}`, `a ${encoding} string`, raw);
  if (encoding === 'hex') {
    if (!HEX.test(raw)) throw invalid(`${path}.${key}`, 'a hex string of whole bytes (OTLP/JSON ids are hex)', raw);
    return raw.toLowerCase();
  }
  return Buffer.from(base64(raw, `${path}.${key}`), 'base64').toString('hex');
}

function base64(raw: unknown, path: string): string {
  if (typeof raw !== 'string' || !BASE64.test(raw)) throw invalid(path, 'a base64 string', raw);
  return Buffer.from(raw, 'base64').toString('base64');
}

/** int64 in OTLP/JSON may be a JSON number or a decimal string; protobuf decoding gives a string. */
function int64(raw: unknown, path: string): string {
  if (typeof raw === 'number' && Number.isInteger(raw)) return BigInt(raw).toString();
  if (typeof raw === 'string' && DECIMAL.test(raw)) return BigInt(raw).toString();
  throw invalid(path, 'an integer (number or decimal string)', raw);
}

function uint64(owner: Plain, key: string, path: string): string {
  const raw = owner[key];
  if (raw === undefined) return '0';
  const value = int64(raw, `${path}.${key}`);
  if (value.startsWith('-')) throw invalid(`${path}.${key}`, 'an unsigned integer', raw);
  return value;
}

function double(raw: unknown, path: string): number {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw))) return Number(raw);
  throw invalid(path, 'a number', raw);
}

/** OTLP/JSON requires enums as integers, not names. */
function enumNumber(owner: Plain, key: string, path: string): number {
  const raw = owner[key];
  if (raw === undefined) return 0;
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw;
  throw invalid(`${path}.${key}`, 'an integer enum value (OTLP/JSON enums are numbers, not names)', raw);
}

function str(owner: Plain, key: string, path: string): string {
  const raw = owner[key];
  if (raw === undefined) return '';
  if (typeof raw !== 'string') throw invalid(`${path}.${key}`, 'a string', raw);
  return raw;
}

function list(owner: Plain, key: string, path: string): readonly unknown[] {
  const raw = owner[key];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid(`${path}.${key}`, 'an array', raw);
  return raw;
}

function optionalObject(owner: Plain, key: string, path: string): Plain | undefined {
  const raw = owner[key];
  return raw === undefined || raw === null ? undefined : asObject(raw, `${path}.${key}`);
}

function asObject(raw: unknown, path: string): Plain {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw invalid(path, 'an object', raw);
  return raw as Plain;
}

function invalid(path: string, expected: string, got: unknown): OtlpDecodeError {
  const shown = JSON.stringify(got) ?? String(got);
  return new OtlpDecodeError(
    `${path}: expected ${expected}, got ${shown.length > 80 ? `${shown.slice(0, 77)}...` : shown}`,
  );
}
