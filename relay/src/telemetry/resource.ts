import type { OtelSettings } from './settings.ts';

const SERVICE_NAME = 'service.name';
const DEFAULT_SERVICE_NAME = 'buzz-relay';

/**
 * The resource attributes per CONTRACT §3.2, with buzz's precedence: `service.name` inside OTEL_RESOURCE_ATTRIBUTES
 * beats a non-empty OTEL_SERVICE_NAME, which beats `buzz-relay`. buzz builds its resource as "service name, then
 * opentelemetry-rust's EnvResourceDetector overlaid", so the pair rules below are that detector's:
 * - pairs are split on `,`, then at the first `=`; key and value are trimmed as Rust's `str::trim` trims (Unicode
 *   White_Space: U+0085 goes, U+FEFF stays, unlike String.prototype.trim); nothing is percent-decoded;
 * - a pair without `=` is skipped; a value may hold further `=` (buzz pins opentelemetry_sdk 0.32, and since 0.28 the
 *   detector splits each pair once; older versions dropped such pairs);
 * - an empty key or an empty value is kept as it is (`service.name=` therefore sets an empty service name);
 * - a key given twice keeps its last value.
 */
export function resolveResourceAttributes(
  settings: Pick<OtelSettings, 'serviceName' | 'resourceAttributes'>,
): Record<string, string> {
  const serviceName = settings.serviceName ? settings.serviceName : DEFAULT_SERVICE_NAME;
  const fromEnvironment = parseResourceAttributes(settings.resourceAttributes ?? '');
  return Object.fromEntries([[SERVICE_NAME, serviceName], ...fromEnvironment]);
}

const EDGE_WHITE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

function trimWhiteSpace(text: string): string {
  return text.replace(EDGE_WHITE_SPACE, '');
}

// A Map, not a plain object, so that a key such as `__proto__` is stored as data like any other.
function parseResourceAttributes(raw: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const pair of raw.split(',')) {
    const separator = pair.indexOf('=');
    if (separator === -1) continue;
    attributes.set(trimWhiteSpace(pair.slice(0, separator)), trimWhiteSpace(pair.slice(separator + 1)));
  }
  return attributes;
}
