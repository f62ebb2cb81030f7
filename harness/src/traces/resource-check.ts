// The resource every span arrives with (CONTRACT §3.2): exactly service.name plus the pairs of
// OTEL_RESOURCE_ATTRIBUTES, and service.name chosen by the profile's precedence.
// Parsing follows buzz-relay (opentelemetry_sdk's EnvResourceDetector): split on ',', split each entry at its
// first '=', trim key and value, no percent-decoding; an entry without '=' is dropped; a later key wins.
// Trimming is Rust's str::trim (Unicode White_Space), not String.prototype.trim: the two differ on U+FEFF, which
// JavaScript trims and Rust keeps, and on U+0085, which Rust trims and JavaScript keeps (found by the Rust oracle).

import type { ClauseId, Profile } from '../clauses/catalogue.ts';
import { type Finding, finding } from '../clauses/finding.ts';
import type { Attributes, CollectedSpan } from '../collector/model.ts';
import { renderValue } from './render-tree.ts';

export const DEFAULT_SERVICE_NAME = 'buzz-relay';

/** The two variables that decide the resource; absent means unset. */
export interface ResourceEnv {
  readonly OTEL_SERVICE_NAME?: string | undefined;
  readonly OTEL_RESOURCE_ATTRIBUTES?: string | undefined;
}

export function parseResourceAttributes(text: string | undefined): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const entry of (text ?? '').split(',')) {
    const at = entry.indexOf('=');
    if (at === -1) continue;
    pairs.set(trimWhiteSpace(entry.slice(0, at)), trimWhiteSpace(entry.slice(at + 1)));
  }
  return pairs;
}

const EDGE_WHITE_SPACE = /^\p{White_Space}+|\p{White_Space}+$/gu;

function trimWhiteSpace(text: string): string {
  return text.replace(EDGE_WHITE_SPACE, '');
}

/** service.name under a profile; an empty OTEL_SERVICE_NAME counts as unset, an empty RA value does not. */
export function expectedServiceName(env: ResourceEnv, profile: Profile): string {
  const fromAttributes = parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES).get('service.name');
  const fromVariable = env.OTEL_SERVICE_NAME === '' ? undefined : env.OTEL_SERVICE_NAME;
  const order = profile === 'buzz' ? [fromAttributes, fromVariable] : [fromVariable, fromAttributes];
  return order.find((name) => name !== undefined) ?? DEFAULT_SERVICE_NAME;
}

export function expectedResource(env: ResourceEnv, profile: Profile): Record<string, string> {
  return {
    ...Object.fromEntries(parseResourceAttributes(env.OTEL_RESOURCE_ATTRIBUTES)),
    'service.name': expectedServiceName(env, profile),
  };
}

/** Checks each distinct resource among `spans`; no spans means nothing to judge here (the topology check says so). */
export function checkResources(spans: readonly CollectedSpan[], env: ResourceEnv, profile: Profile): Finding[] {
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const span of spans) {
    const key = JSON.stringify(Object.entries(span.resource).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(...checkResource(span.resource, env, profile));
  }
  return findings;
}

export function checkResource(resource: Attributes, env: ResourceEnv, profile: Profile): Finding[] {
  const expected = expectedResource(env, profile);
  const findings: Finding[] = [];
  const extra = Object.keys(resource)
    .filter((key) => !(key in expected))
    .sort();
  if (extra.length > 0) {
    const sdk = extra.some((key) => key.startsWith('telemetry.sdk.')) ? ' (no telemetry.sdk.*)' : '';
    findings.push(
      finding(
        'resource.attributes',
        `the resource has ${extra.join(', ')}; it holds only service.name and the pairs of OTEL_RESOURCE_ATTRIBUTES${sdk}`,
      ),
    );
  }
  for (const [key, want] of Object.entries(expected)) {
    const got = resource[key];
    const clause: ClauseId =
      key === 'service.name' ? `resource.service-name.${profile}` : 'resource.attributes-parsing';
    if (got === undefined) {
      findings.push(finding(clause, `the resource has no ${key}; expected ${JSON.stringify(want)} ${origin(env)}`));
    } else if (got.type !== 'string') {
      findings.push(
        finding(
          'resource.attributes',
          `resource attribute ${key} is ${got.type} ${renderValue(got)}; expected the string ${JSON.stringify(want)}`,
        ),
      );
    } else if (got.value !== want) {
      findings.push(
        finding(
          clause,
          `${key} is ${JSON.stringify(got.value)}; expected ${JSON.stringify(want)} ${origin(env)}${swapHint(key, got.value, env, profile)}`,
        ),
      );
    }
  }
  return findings;
}

function origin(env: ResourceEnv): string {
  const show = (v: string | undefined) => (v === undefined ? 'unset' : JSON.stringify(v));
  return `(OTEL_SERVICE_NAME ${show(env.OTEL_SERVICE_NAME)}, OTEL_RESOURCE_ATTRIBUTES ${show(env.OTEL_RESOURCE_ATTRIBUTES)})`;
}

function swapHint(key: string, got: string, env: ResourceEnv, profile: Profile): string {
  if (key !== 'service.name') return '';
  const other: Profile = profile === 'buzz' ? 'otel-spec' : 'buzz';
  if (expectedServiceName(env, other) !== got) return '';
  const rule =
    profile === 'buzz'
      ? 'OTEL_RESOURCE_ATTRIBUTES service.name > non-empty OTEL_SERVICE_NAME > buzz-relay'
      : 'non-empty OTEL_SERVICE_NAME > OTEL_RESOURCE_ATTRIBUTES service.name > buzz-relay';
  return `: the precedence is swapped (that is the ${other} order; profile ${profile} wants ${rule})`;
}
