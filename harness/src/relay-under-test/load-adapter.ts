import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AdapterError } from './adapter-error.ts';
import {
  type MigrateStep,
  type OtelEnvPolicy,
  PLACEHOLDERS,
  type ReadinessProbe,
  type RedisPubSubScope,
  type RelayAdapter,
} from './adapter-types.ts';
import { unknownPlaceholders } from './template.ts';

export const FIELDS = [
  // names the JSON Schema (schema/adapter.schema.json) for editors; the loader itself needs no schema
  '$schema',
  'name',
  'description',
  'command',
  'cwd',
  'image',
  'env',
  'inheritEnv',
  'otelEnv',
  'redisPubSub',
  'readiness',
  'urls',
  'migrate',
];
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DEFAULT_READINESS_TIMEOUT_MS = 20_000;
const DEFAULT_MIGRATE_TIMEOUT_MS = 120_000;
const MIN_NODE_MAJOR = 22;

type Json = unknown;

/** Reads, validates and resolves an adapter file. Every problem is reported at once, each naming its field. */
export async function loadAdapter(path: string): Promise<RelayAdapter> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new AdapterError(file, [`cannot read the file (${(error as NodeJS.ErrnoException).code ?? error})`]);
  }
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AdapterError(file, [`not valid JSON: ${(error as Error).message}`]);
  }
  return parseAdapter(json, file);
}

/** Validates an already parsed adapter; `file` names it in errors and anchors its relative paths. */
export function parseAdapter(json: Json, file: string): RelayAdapter {
  const problems: string[] = [];
  if (!isObject(json)) throw new AdapterError(file, ['the top level must be a JSON object']);
  const dir = dirname(file);

  for (const key of Object.keys(json)) {
    if (!FIELDS.includes(key)) problems.push(`${key}: unknown field (known fields: ${FIELDS.join(', ')})`);
  }

  const name = json.name;
  if (typeof name !== 'string' || name.trim() === '') problems.push('name: required, a non-empty string');
  if (json.description !== undefined && typeof json.description !== 'string') {
    problems.push('description: must be a string');
  }

  const image = readImage(json.image, problems);
  // inside a container `node` is the image's own, not the Node running the harness
  const command = readCommand(json.command, 'command', problems, image === null);
  if (command === null && image === null) problems.push('command: required (or set image to run a container)');

  let cwd = dir;
  if (json.cwd !== undefined) {
    if (typeof json.cwd !== 'string' || json.cwd === '') problems.push('cwd: must be a non-empty path string');
    else cwd = resolve(dir, json.cwd);
  }

  const env = readEnv(json.env, problems);
  const inheritEnv = readInheritEnv(json.inheritEnv, problems);
  const otelEnv = readOtelEnv(json.otelEnv, problems);
  const redisPubSub = readRedisPubSub(json.redisPubSub, problems);
  const readiness = readReadiness(json.readiness, problems);
  const urls = readUrls(json.urls, problems);
  const migrate = readMigrate(json.migrate, problems);

  if (problems.length > 0 || readiness === null || urls === null) throw new AdapterError(file, problems);
  return {
    name: name as string,
    file,
    dir,
    command,
    image,
    cwd,
    env,
    inheritEnv,
    otelEnv,
    redisPubSub,
    readiness,
    urls,
    migrate,
  };
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readCommand(value: Json, field: string, problems: string[], resolveNode = true): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value) || value.length === 0 || !value.every((word) => typeof word === 'string' && word !== '')) {
    problems.push(`${field}: must be a non-empty array of non-empty strings, e.g. ["node", "relay/src/main.ts"]`);
    return null;
  }
  const words = value as string[];
  const [program, ...args] = words;
  if (program !== 'node' || !resolveNode) return words;
  const major = Number(process.versions.node.split('.')[0]);
  if (major < MIN_NODE_MAJOR) {
    problems.push(`${field}: "node" needs Node ≥ ${MIN_NODE_MAJOR}, but the harness runs on ${process.version}`);
    return null;
  }
  return [process.execPath, ...args];
}

function readImage(value: Json, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') {
    problems.push('image: must be a container image reference string, or null');
    return null;
  }
  return value;
}

function checkTemplate(field: string, template: string, problems: string[]): void {
  for (const unknown of unknownPlaceholders(template)) {
    problems.push(
      `${field}: unknown placeholder {${unknown}} (known: ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')})`,
    );
  }
}

function readEnv(value: Json, problems: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value)) {
    problems.push('env: must be an object of variable name → string template');
    return {};
  }
  const env: Record<string, string> = {};
  for (const [key, template] of Object.entries(value)) {
    if (!ENV_NAME.test(key)) problems.push(`env.${key}: not a valid environment variable name`);
    else if (key.startsWith('OTEL_')) {
      problems.push(`env.${key}: OTEL_* variables come from the suite; use otelEnv to rename or withhold them`);
    } else if (typeof template !== 'string') problems.push(`env.${key}: must be a string (quote numbers)`);
    else {
      checkTemplate(`env.${key}`, template, problems);
      env[key] = template;
    }
  }
  return env;
}

function readInheritEnv(value: Json, problems: string[]): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && ENV_NAME.test(name))) {
    problems.push('inheritEnv: must be an array of environment variable names');
    return [];
  }
  const names = value as string[];
  for (const name of names) {
    if (name.startsWith('OTEL_'))
      problems.push(`inheritEnv: ${name}: the harness's own OTEL_* variables never reach the relay`);
  }
  return names.filter((name) => !name.startsWith('OTEL_'));
}

function readOtelEnv(value: Json, problems: string[]): OtelEnvPolicy {
  if (value === undefined || value === 'passthrough') return { mode: 'passthrough' };
  if (value === 'withhold') return { mode: 'withhold' };
  if (!isObject(value)) {
    problems.push(
      'otelEnv: must be "passthrough", "withhold" or an object mapping OTEL_* names to new names (or null)',
    );
    return { mode: 'passthrough' };
  }
  const names: Record<string, string | null> = {};
  for (const [from, to] of Object.entries(value)) {
    if (!from.startsWith('OTEL_')) problems.push(`otelEnv.${from}: only OTEL_* variables can be mapped`);
    else if (to !== null && (typeof to !== 'string' || !ENV_NAME.test(to))) {
      problems.push(`otelEnv.${from}: must be a variable name, or null to withhold it`);
    } else names[from] = to;
  }
  return { mode: 'rename', names };
}

function readRedisPubSub(value: Json, problems: string[]): RedisPubSubScope {
  // Unknown relays are assumed to share channels across db indexes: the isolation that is always safe.
  if (value === undefined || value === 'shared') return 'shared';
  if (value === 'per-db-index') return value;
  problems.push(
    'redisPubSub: must be "per-db-index" (the relay names its pub/sub channels by the REDIS_URL db index) or "shared" (the default: it does not)',
  );
  return 'shared';
}

function readTimeout(value: Json, field: string, fallback: number, problems: string[]): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    problems.push(`${field}: must be a positive integer (milliseconds)`);
    return fallback;
  }
  return value;
}

function readReadiness(value: Json, problems: string[]): ReadinessProbe | null {
  const shape = 'readiness: required, an object with one of "http" (URL), "tcp" ("host:port") or "logLine" (regex)';
  if (!isObject(value)) {
    problems.push(shape);
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!['http', 'tcp', 'logLine', 'timeoutMs'].includes(key)) problems.push(`readiness.${key}: unknown field`);
  }
  const timeoutMs = readTimeout(value.timeoutMs, 'readiness.timeoutMs', DEFAULT_READINESS_TIMEOUT_MS, problems);
  const probes = (['http', 'tcp', 'logLine'] as const).filter((key) => value[key] !== undefined);
  if (probes.length !== 1) {
    problems.push(`${shape}, and only one${probes.length > 1 ? ` (found ${probes.join(', ')})` : ''}`);
    return null;
  }
  const kind = probes[0]!;
  const spec = value[kind];
  if (typeof spec !== 'string' || spec === '') {
    problems.push(`readiness.${kind}: must be a non-empty string`);
    return null;
  }
  if (kind === 'logLine') {
    try {
      return { kind, pattern: new RegExp(spec), timeoutMs };
    } catch (error) {
      problems.push(`readiness.logLine: not a valid regular expression: ${(error as Error).message}`);
      return null;
    }
  }
  checkTemplate(`readiness.${kind}`, spec, problems);
  if (kind === 'http') {
    if (!/^https?:\/\//.test(spec)) problems.push('readiness.http: must be an http:// or https:// URL');
    return { kind, url: spec, timeoutMs };
  }
  if (!/^(\[[^\]]+\]|[^:[\]]+):.+$/.test(spec))
    problems.push('readiness.tcp: must be "host:port", e.g. "127.0.0.1:{wsPort}"');
  return { kind, address: spec, timeoutMs };
}

function readUrls(value: Json, problems: string[]): RelayAdapter['urls'] | null {
  if (!isObject(value)) {
    problems.push('urls: required, an object with "ws", "metrics" and "health" URL templates');
    return null;
  }
  const urls: Record<string, string> = {};
  const schemes = { ws: /^wss?:\/\//, metrics: /^https?:\/\//, health: /^https?:\/\// };
  for (const key of Object.keys(value)) {
    if (!(key in schemes)) problems.push(`urls.${key}: unknown field (known: ws, metrics, health)`);
  }
  for (const [key, scheme] of Object.entries(schemes)) {
    const template = value[key];
    if (typeof template !== 'string' || !scheme.test(template)) {
      problems.push(
        `urls.${key}: required, a ${key === 'ws' ? 'ws:// or wss://' : 'http:// or https://'} URL template`,
      );
      continue;
    }
    checkTemplate(`urls.${key}`, template, problems);
    urls[key] = template;
  }
  if (Object.keys(urls).length !== 3) return null;
  return { ws: urls.ws!, metrics: urls.metrics!, health: urls.health! };
}

function readMigrate(value: Json, problems: string[]): MigrateStep | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    problems.push('migrate: must be null or an object { "command": [...], "timeoutMs": n }');
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!['command', 'timeoutMs'].includes(key)) problems.push(`migrate.${key}: unknown field`);
  }
  const command = readCommand(value.command, 'migrate.command', problems);
  const timeoutMs = readTimeout(value.timeoutMs, 'migrate.timeoutMs', DEFAULT_MIGRATE_TIMEOUT_MS, problems);
  if (command === null) {
    if (value.command === undefined || value.command === null) problems.push('migrate.command: required');
    return null;
  }
  return { command, timeoutMs };
}
