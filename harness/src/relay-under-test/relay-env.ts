import type { OtelEnvPolicy, PlaceholderValues, RelayAdapter } from './adapter-types.ts';
import { renderTemplate } from './template.ts';

/** Variables every process needs to find programs and its home; nothing else of the harness's env is passed on. */
const BASE = ['PATH', 'HOME'];

export interface RelayEnvInput {
  readonly values: PlaceholderValues;
  /** OTEL_* variables the suite chose for this launch (never the harness's own). */
  readonly otel: Readonly<Record<string, string>>;
  readonly extraEnv: Readonly<Record<string, string>>;
  /** The harness's environment, read only for BASE and the adapter's inheritEnv. */
  readonly hostEnv: NodeJS.ProcessEnv;
}

/**
 * The relay's complete environment, built from scratch. Only the caller's `otel` record can put OTEL_* variables
 * in it, and the adapter's otelEnv policy applies to every OTEL_* name, whichever record it came from.
 */
export function buildRelayEnv(adapter: RelayAdapter, input: RelayEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...BASE, ...adapter.inheritEnv]) {
    const value = input.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  for (const [name, template] of Object.entries(adapter.env)) env[name] = renderTemplate(template, input.values);
  for (const [name, value] of Object.entries(input.extraEnv)) {
    if (!name.startsWith('OTEL_')) env[name] = value;
  }
  const otel = { ...pickOtel(input.extraEnv), ...input.otel };
  for (const [name, value] of Object.entries(otel)) {
    const target = otelTarget(adapter.otelEnv, name);
    if (target !== null) env[target] = value;
  }
  return env;
}

function pickOtel(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('OTEL_')));
}

function otelTarget(policy: OtelEnvPolicy, name: string): string | null {
  if (policy.mode === 'withhold') return null;
  if (policy.mode === 'passthrough') return name;
  const mapped = policy.names[name];
  return mapped === undefined ? name : mapped;
}
