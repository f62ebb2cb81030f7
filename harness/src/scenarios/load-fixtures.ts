// Reads fixtures/*.json into typed values and resolves their `@name` references. It parses rather than
// validates: it checks only what the runner needs to run a step, and reports every problem it finds at once,
// one line each, naming the file and the step, so a broken session is fixed in one pass.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bytesToHex, hexToBytes } from 'nostr-tools/utils';
import {
  AUTH_VARIANTS,
  type AuthVariant,
  type CountExpectation,
  type Filter,
  type FixtureBlob,
  type FixtureEvent,
  type FixtureKey,
  type Fixtures,
  type HttpExpectation,
  type OkExpectation,
  type ReqExpectation,
  type Session,
  type Step,
  type StepKind,
} from './session-types.ts';
import { type EventTemplate, MAX_AT_SECS, MIN_AT_SECS, signTemplates } from './sign-events.ts';

export const FIXTURES_DIR = resolve(import.meta.dirname, '../../../fixtures');

/**
 * How long a step waits for its reply. A bound on polling, not a speed requirement: a reply that comes ends the wait
 * at once, so the bound costs time only when a reply is missing. Two suite runs side by side on two busy cores
 * delivered an OK just after 5 s; 15 s keeps a slow machine from failing a relay that answered.
 */
const DEFAULT_TIMEOUT_MS = 15_000;
/** The AUTH window is 5 s (CONTRACT §4); the wait for the relay to close a connection allows for a slow machine. */
const DEFAULT_CLOSE_TIMEOUT_MS = 15_000;
const DEFAULT_NODE = 'main';
const HEX64 = /^[0-9a-f]{64}$/;
/** relayEnv: `@secret:<key>` is that key's secret key, for a relay's own signing key. */
const SECRET_PREFIX = '@secret:';

export class FixtureError extends Error {
  override name = 'FixtureError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `the fixtures cannot be used (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (value: Json): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Collects problems; `where` prefixes each one (file, then step). */
class Problems {
  readonly list: string[] = [];

  add(where: string, problem: string): undefined {
    this.list.push(`${where}: ${problem}`);
    return undefined;
  }
}

interface Refs {
  readonly keys: ReadonlyMap<string, FixtureKey>;
  readonly channels: ReadonlyMap<string, string>;
  readonly events: ReadonlyMap<string, FixtureEvent>;
  readonly blobs: ReadonlyMap<string, FixtureBlob>;
}

export interface LoadOptions {
  /** The clock events are signed against, in seconds since the epoch (default: now). */
  readonly now?: number;
}

/**
 * Reads keys, event templates, blobs and every session under `dir`, and signs the templates against the clock: each
 * load has fresh event ids and channel ids. Throws one FixtureError listing every problem.
 */
export function loadFixtures(dir: string = FIXTURES_DIR, options: LoadOptions = {}): Fixtures {
  const problems = new Problems();
  const shown = (file: string) => relative(resolve(dir, '..'), file);
  const read = (file: string): Json => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return problems.add(shown(file), `cannot be read (${(error as Error).message})`);
    }
    try {
      return JSON.parse(text) as Json;
    } catch (error) {
      return problems.add(shown(file), `is not valid JSON (${(error as Error).message})`);
    }
  };

  const keysFile = join(dir, 'keys.json');
  const eventsFile = join(dir, 'events.json');
  const blobsFile = join(dir, 'blobs.json');
  const keys = parseKeys(read(keysFile), shown(keysFile), problems);
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const { events, channels } = parseEvents(read(eventsFile), shown(eventsFile), keys, now, problems);
  const blobs = parseBlobs(read(blobsFile), shown(blobsFile), problems);
  const refs: Refs = { keys, channels, events, blobs };

  const sessions = new Map<string, Session>();
  const sessionsDir = join(dir, 'sessions');
  let files: string[] = [];
  try {
    files = readdirSync(sessionsDir)
      .filter((name) => name.endsWith('.json'))
      .sort();
  } catch (error) {
    problems.add(shown(sessionsDir), `cannot be listed (${(error as Error).message})`);
  }
  for (const name of files) {
    const file = join(sessionsDir, name);
    const session = parseSession(read(file), shown(file), refs, problems);
    if (session === undefined) continue;
    if (`${session.scenario}.json` !== name) {
      problems.add(shown(file), `"scenario" is "${session.scenario}" but the file is named ${name}; make them agree`);
    } else sessions.set(session.scenario, session);
  }
  if (problems.list.length > 0) throw new FixtureError(problems.list);
  return { keys, channels, events, blobs, sessions };
}

/** One session by scenario name, with the same checks as loadFixtures. */
export function loadSession(scenario: string, dir: string = FIXTURES_DIR, options: LoadOptions = {}): Session {
  const fixtures = loadFixtures(dir, options);
  const session = fixtures.sessions.get(scenario);
  if (session === undefined) {
    throw new FixtureError([
      `no session "${scenario}" in ${join(dir, 'sessions')}; there are: ${[...fixtures.sessions.keys()].join(', ')}`,
    ]);
  }
  return session;
}

function entriesOf(raw: Json, field: string, file: string, problems: Problems): [string, JsonObject][] {
  if (raw === undefined) return [];
  if (!isObject(raw) || !isObject(raw[field])) {
    problems.add(file, `expected an object with a "${field}" object`);
    return [];
  }
  const entries: [string, JsonObject][] = [];
  for (const [name, value] of Object.entries(raw[field])) {
    if (isObject(value)) entries.push([name, value]);
    else problems.add(file, `${field}.${name} must be an object`);
  }
  return entries;
}

function parseKeys(raw: Json, file: string, problems: Problems): Map<string, FixtureKey> {
  const keys = new Map<string, FixtureKey>();
  for (const [name, value] of entriesOf(raw, 'keys', file, problems)) {
    const { secretKey, pubkey } = value;
    if (typeof secretKey !== 'string' || !HEX64.test(secretKey)) {
      problems.add(file, `keys.${name}.secretKey must be 64 lowercase hex characters`);
    } else if (typeof pubkey !== 'string' || !HEX64.test(pubkey)) {
      problems.add(file, `keys.${name}.pubkey must be 64 lowercase hex characters`);
    } else keys.set(name, { name, secretKey: hexToBytes(secretKey), pubkey });
  }
  return keys;
}

const TAG = (value: Json): value is string[] => Array.isArray(value) && value.every((part) => typeof part === 'string');

/** Event templates in file order, then signed; a problem in any template leaves the events empty. */
function parseEvents(
  raw: Json,
  file: string,
  keys: ReadonlyMap<string, FixtureKey>,
  now: number,
  problems: Problems,
): { events: ReadonlyMap<string, FixtureEvent>; channels: ReadonlyMap<string, string> } {
  const hasChannels = isObject(raw) && raw.channels !== undefined;
  const channelNames = hasChannels ? entriesOf(raw, 'channels', file, problems).map(([name]) => name) : [];
  const templates: EventTemplate[] = [];
  const before = problems.list.length;
  for (const [name, value] of entriesOf(raw, 'events', file, problems)) {
    const where = `${file}: events.${name}`;
    if (keys.has(name) || channelNames.includes(name)) {
      problems.add(where, `"${name}" is also a key or channel name, so "@${name}" would be ambiguous`);
    }
    const { signer, at, kind, tags, content, broken } = value;
    const key = typeof signer === 'string' ? keys.get(signer) : undefined;
    if (key === undefined) problems.add(where, `"signer" must name a key of keys.json`);
    if (!Number.isInteger(at) || (at as number) < MIN_AT_SECS || (at as number) > MAX_AT_SECS) {
      problems.add(where, `"at" must be a whole number of seconds from ${MIN_AT_SECS} to ${MAX_AT_SECS}`);
    }
    if (!Number.isInteger(kind) || (kind as number) < 0) problems.add(where, '"kind" must be a whole number');
    if (tags !== undefined && !(Array.isArray(tags) && tags.every(TAG))) {
      problems.add(where, '"tags" must be an array of arrays of strings');
    }
    if (typeof content !== 'string') problems.add(where, '"content" must be a string');
    if (broken !== undefined && broken !== 'signature' && broken !== 'id') {
      problems.add(where, `"broken" must be "signature" or "id", not ${JSON.stringify(broken)}`);
    }
    if (key === undefined) continue;
    templates.push({
      name,
      signer: key,
      at: at as number,
      kind: kind as number,
      tags: (tags as string[][] | undefined) ?? [],
      content: content as string,
      broken: broken as EventTemplate['broken'],
    });
  }
  if (problems.list.length > before) return { events: new Map(), channels: new Map() };
  try {
    return signTemplates(templates, { keys, channels: channelNames, now });
  } catch (error) {
    problems.add(file, (error as Error).message);
    return { events: new Map(), channels: new Map() };
  }
}

function parseBlobs(raw: Json, file: string, problems: Problems): Map<string, FixtureBlob> {
  const blobs = new Map<string, FixtureBlob>();
  for (const [name, value] of entriesOf(raw, 'blobs', file, problems)) {
    const { contentType, sha256, base64 } = value;
    if (typeof contentType !== 'string' || typeof sha256 !== 'string' || typeof base64 !== 'string') {
      problems.add(file, `blobs.${name} needs string fields contentType, sha256 and base64`);
      continue;
    }
    blobs.set(name, { name, contentType, sha256, bytes: Buffer.from(base64, 'base64') });
  }
  return blobs;
}

function parseSession(raw: Json, file: string, refs: Refs, problems: Problems): Session | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) return problems.add(file, 'must be a JSON object');
  const { scenario, contract, description, relayEnv, nodes, metrics, steps } = raw;
  if (typeof scenario !== 'string' || scenario === '') return problems.add(file, '"scenario" must be a name');
  if (typeof contract !== 'string') problems.add(file, '"contract" must be the contract version, e.g. "v1"');
  if (!Array.isArray(steps)) return problems.add(file, '"steps" must be an array');

  const nodeNames = nodes === undefined ? [DEFAULT_NODE] : stringArray(nodes);
  if (nodeNames === undefined || nodeNames.length === 0) {
    return problems.add(file, '"nodes" must be a non-empty array of names');
  }
  const metricNames = metrics === undefined ? [] : stringArray(metrics);
  if (metricNames === undefined) problems.add(file, '"metrics" must be an array of metric family names');

  const context: StepContext = { file, refs, problems, nodes: nodeNames };
  const parsed = steps.map((step, i) => parseStep(step, i + 1, context));
  return {
    scenario,
    contract: typeof contract === 'string' ? contract : '',
    description: typeof description === 'string' ? description : '',
    file,
    relayEnv: parseRelayEnv(relayEnv, file, refs, problems),
    nodes: nodeNames,
    metrics: metricNames ?? [],
    steps: parsed.filter((step): step is Step => step !== undefined),
  };
}

function stringArray(value: Json): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/**
 * Values are used as they are, except comma-separated parts of the form `@name`, which become that key's pubkey,
 * and `@secret:name`, which become its secret key in hex (a relay's own signing key, BUZZ_RELAY_PRIVATE_KEY).
 */
function parseRelayEnv(raw: Json, file: string, refs: Refs, problems: Problems): Record<string, string> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.add(file, '"relayEnv" must be an object of strings');
    return {};
  }
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      problems.add(file, `relayEnv.${name} must be a string`);
      continue;
    }
    const parts = value.split(',').map((part) => {
      if (!part.startsWith('@')) return part;
      const secret = part.startsWith(SECRET_PREFIX);
      const key = refs.keys.get(part.slice(secret ? SECRET_PREFIX.length : 1));
      if (key === undefined) {
        problems.add(file, `relayEnv.${name}: ${part} names no key of keys.json`);
        return part;
      }
      return secret ? bytesToHex(key.secretKey) : key.pubkey;
    });
    env[name] = parts.join(',');
  }
  return env;
}

interface StepContext {
  readonly file: string;
  readonly refs: Refs;
  readonly problems: Problems;
  readonly nodes: readonly string[];
}

const STEP_FIELDS: Readonly<Record<StepKind, readonly string[]>> = {
  connect: ['node', 'headers'],
  auth: ['as', 'variant', 'expect'],
  publish: ['event', 'expect'],
  req: ['sub', 'filters', 'expect'],
  count: ['sub', 'filters', 'expect'],
  close: ['sub'],
  raw: ['frame', 'expect'],
  wait: ['sub', 'event'],
  'await-close': [],
  disconnect: [],
  http: ['node', 'method', 'path', 'headers', 'blob', 'nostrAuth', 'expect'],
};
const COMMON_FIELDS = ['client', 'do', 'timeoutMs', 'comment'];

function isStepKind(value: Json): value is StepKind {
  return typeof value === 'string' && Object.hasOwn(STEP_FIELDS, value);
}

/** Reads one field of a step, reporting a problem (and returning undefined) when it has the wrong shape. */
class StepReader {
  readonly #raw: JsonObject;
  readonly #where: string;
  readonly #context: StepContext;
  failed = false;

  constructor(raw: JsonObject, where: string, context: StepContext) {
    this.#raw = raw;
    this.#where = where;
    this.#context = context;
  }

  problem(message: string): undefined {
    this.failed = true;
    return this.#context.problems.add(this.#where, message);
  }

  has(field: string): boolean {
    return this.#raw[field] !== undefined;
  }

  string(field: string, required: boolean): string | undefined {
    const value = this.#raw[field];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string') return this.problem(`"${field}" must be a string`);
    return value;
  }

  object(field: string): JsonObject | undefined {
    const value = this.#raw[field];
    if (value === undefined) return undefined;
    if (!isObject(value)) return this.problem(`"${field}" must be an object`);
    return value;
  }

  event(name: Json, field: string): FixtureEvent | undefined {
    if (typeof name !== 'string') return this.problem(`"${field}" must name an event of events.json`);
    const event = this.#context.refs.events.get(name);
    if (event === undefined) return this.problem(`"${field}": no event "${name}" in events.json`);
    return event;
  }

  key(name: Json, field: string): FixtureKey | undefined {
    if (typeof name !== 'string') return this.problem(`"${field}" must name a key of keys.json`);
    const key = this.#context.refs.keys.get(name);
    if (key === undefined) return this.problem(`"${field}": no key "${name}" in keys.json`);
    return key;
  }

  blob(name: Json, field: string): FixtureBlob | undefined {
    if (typeof name !== 'string') return this.problem(`"${field}" must name a blob of blobs.json`);
    const blob = this.#context.refs.blobs.get(name);
    if (blob === undefined) return this.problem(`"${field}": no blob "${name}" in blobs.json`);
    return blob;
  }

  node(): string {
    const node = this.string('node', false);
    const nodes = this.#context.nodes;
    if (node === undefined) return nodes[0] ?? DEFAULT_NODE;
    if (!nodes.includes(node))
      this.problem(`"node": "${node}" is not one of the session's nodes (${nodes.join(', ')})`);
    return node;
  }

  headers(): [string, string][] {
    const value = this.#raw.headers;
    if (value === undefined) return [];
    if (isObject(value) && Object.values(value).every((v) => typeof v === 'string')) {
      return Object.entries(value as Record<string, string>);
    }
    const pairs = Array.isArray(value) ? value : [];
    if (
      pairs.length > 0 &&
      pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((s) => typeof s === 'string'))
    ) {
      return pairs as [string, string][];
    }
    this.problem('"headers" must be an object of strings, or an array of [name, value] pairs (to repeat a header)');
    return [];
  }

  /** `@name` strings anywhere inside become the pubkey of key `name`, the UUID of channel `name` or the id of event `name`. */
  filters(): Filter[] {
    const value = this.#raw.filters;
    if (!Array.isArray(value) || !value.every(isObject)) {
      this.problem('"filters" must be an array of filter objects');
      return [];
    }
    return value.map((filter) => this.#resolveRefs(filter) as Filter);
  }

  #resolveRefs(value: Json): Json {
    if (Array.isArray(value)) return value.map((item) => this.#resolveRefs(item));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.#resolveRefs(v)]));
    if (typeof value !== 'string' || !value.startsWith('@')) return value;
    const name = value.slice(1);
    const { keys, channels, events } = this.#context.refs;
    const resolved = keys.get(name)?.pubkey ?? channels.get(name) ?? events.get(name)?.event.id;
    if (resolved === undefined) this.problem(`filter value ${value} names no key, channel or event`);
    return resolved ?? value;
  }

  unknownFields(kind: StepKind): void {
    const allowed = new Set([...COMMON_FIELDS, ...STEP_FIELDS[kind]]);
    for (const field of Object.keys(this.#raw)) {
      if (!allowed.has(field)) {
        this.problem(`unknown field "${field}" for "${kind}" (allowed: ${[...allowed].join(', ')})`);
      }
    }
  }
}

function describeStep(raw: JsonObject, kind: string): string {
  const client = typeof raw.client === 'string' ? `client ${raw.client} ` : '';
  const method = kind === 'http' && raw.method === undefined ? 'GET' : raw.method;
  const detail = [raw.as, raw.event, raw.sub, raw.variant, method, raw.path].filter(
    (v): v is string => typeof v === 'string' && v !== 'valid',
  );
  return [`${client}${kind}`, ...detail].join(' ');
}

function parseStep(raw: Json, index: number, context: StepContext): Step | undefined {
  if (!isObject(raw)) return context.problems.add(`${context.file}: step ${index}`, 'must be an object');
  const kind = raw.do;
  const label = `step ${index} (${describeStep(raw, typeof kind === 'string' ? kind : '?')})`;
  const where = `${context.file}: ${label}`;
  if (!isStepKind(kind)) {
    return context.problems.add(where, `"do" must be one of ${Object.keys(STEP_FIELDS).join(', ')}`);
  }
  const read = new StepReader(raw, where, context);
  read.unknownFields(kind);
  const client = kind === 'http' ? (read.string('client', false) ?? 'http') : read.string('client', true);
  const timeoutRaw = raw.timeoutMs;
  if (timeoutRaw !== undefined && !(Number.isInteger(timeoutRaw) && (timeoutRaw as number) > 0)) {
    read.problem('"timeoutMs" must be a positive whole number of milliseconds');
  }
  const timeoutMs =
    typeof timeoutRaw === 'number'
      ? timeoutRaw
      : kind === 'await-close'
        ? DEFAULT_CLOSE_TIMEOUT_MS
        : DEFAULT_TIMEOUT_MS;
  const base = { index, label, client: client ?? '', timeoutMs };
  const step = buildStep(kind, base, read);
  return read.failed ? undefined : step;
}

function buildStep(kind: StepKind, base: Omit<Step, 'do'>, read: StepReader): Step | undefined {
  switch (kind) {
    case 'connect':
      return { ...base, do: kind, node: read.node(), headers: read.headers() };
    case 'auth': {
      const variant = read.string('variant', false) ?? 'valid';
      if (!(AUTH_VARIANTS as readonly string[]).includes(variant)) {
        read.problem(`"variant" must be one of ${AUTH_VARIANTS.join(', ')}`);
      }
      const key = read.key(read.string('as', true), 'as');
      if (key === undefined) return undefined;
      return { ...base, do: kind, key, variant: variant as AuthVariant, expect: okExpectation(read) };
    }
    case 'publish': {
      const event = read.event(read.string('event', true), 'event');
      return event && { ...base, do: kind, event, expect: okExpectation(read) };
    }
    case 'req':
    case 'count': {
      const sub = read.string('sub', true);
      if (sub === undefined) return undefined;
      const filters = read.filters();
      if (kind === 'req') return { ...base, do: kind, sub, filters, expect: reqExpectation(read) };
      return { ...base, do: kind, sub, filters, expect: countExpectation(read) };
    }
    case 'close': {
      const sub = read.string('sub', true);
      return sub === undefined ? undefined : { ...base, do: kind, sub };
    }
    case 'raw': {
      const frame = read.string('frame', true);
      const expect = read.object('expect');
      const notice = expect?.notice;
      if (expect !== undefined && typeof notice !== 'string')
        read.problem('"expect" of raw is { "notice": "<prefix>" }');
      return frame === undefined
        ? undefined
        : { ...base, do: kind, frame, expectNotice: typeof notice === 'string' ? notice : undefined };
    }
    case 'wait': {
      const sub = read.string('sub', true);
      const event = read.event(read.string('event', true), 'event');
      return sub === undefined || event === undefined ? undefined : { ...base, do: kind, sub, event };
    }
    case 'await-close':
    case 'disconnect':
      return { ...base, do: kind };
    case 'http':
      return httpStep(base, read);
  }
}

function httpStep(base: Omit<Step, 'do'>, read: StepReader): Step | undefined {
  const method = (read.string('method', false) ?? 'GET').toUpperCase();
  const rawPath = read.string('path', true);
  if (rawPath === undefined) return undefined;
  if (!rawPath.startsWith('/')) read.problem('"path" must start with /');
  const path = rawPath.replace(/\{blob:([^}]*)\}/g, (whole, name: string) => read.blob(name, 'path')?.sha256 ?? whole);
  const blob = read.has('blob') ? read.blob(read.string('blob', true), 'blob') : undefined;
  const nostrAuth = read.has('nostrAuth') ? read.event(read.string('nostrAuth', true), 'nostrAuth') : undefined;
  const expect = read.object('expect');
  let parsed: HttpExpectation | undefined;
  if (expect !== undefined) {
    const { status, contentTypePrefix } = expect;
    if (status !== undefined && !Number.isInteger(status)) read.problem('"expect.status" must be an HTTP status code');
    if (contentTypePrefix !== undefined && typeof contentTypePrefix !== 'string') {
      read.problem('"expect.contentTypePrefix" must be a string');
    }
    parsed = {
      ...(typeof status === 'number' ? { status } : {}),
      ...(typeof contentTypePrefix === 'string' ? { contentTypePrefix } : {}),
    };
  }
  return {
    ...base,
    do: 'http',
    node: read.node(),
    method,
    path,
    headers: read.headers(),
    blob,
    nostrAuth,
    expect: parsed,
  };
}

function okExpectation(read: StepReader): OkExpectation | undefined {
  const expect = read.object('expect');
  if (expect === undefined) return undefined;
  const { ok, messagePrefix, ...rest } = expect;
  if (Object.keys(rest).length > 0) read.problem(`"expect" takes ok and messagePrefix, not ${Object.keys(rest)}`);
  if (ok !== undefined && typeof ok !== 'boolean') read.problem('"expect.ok" must be true or false');
  if (messagePrefix !== undefined && typeof messagePrefix !== 'string') {
    read.problem('"expect.messagePrefix" must be a string');
  }
  return {
    ...(typeof ok === 'boolean' ? { ok } : {}),
    ...(typeof messagePrefix === 'string' ? { messagePrefix } : {}),
  };
}

function reqExpectation(read: StepReader): ReqExpectation | undefined {
  const expect = read.object('expect');
  if (expect === undefined) return undefined;
  const { events, eose, closed, notice, ...rest } = expect;
  if (Object.keys(rest).length > 0)
    read.problem(`"expect" takes events, eose, closed and notice, not ${Object.keys(rest)}`);
  if (eose !== undefined && eose !== true) read.problem('"expect.eose" can only be true');
  if (closed !== undefined && (events !== undefined || eose !== undefined)) {
    read.problem('"expect" cannot want both CLOSED and events/EOSE');
  }
  if (closed !== undefined && typeof closed !== 'string') read.problem('"expect.closed" must be a message prefix');
  if (notice !== undefined && typeof notice !== 'string') read.problem('"expect.notice" must be a message prefix');
  let resolved: FixtureEvent[] | undefined;
  if (events !== undefined) {
    if (!Array.isArray(events)) read.problem('"expect.events" must be an array of event names, in the order expected');
    else resolved = events.map((name) => read.event(name, 'expect.events')).filter((e) => e !== undefined);
  }
  return {
    eose: closed === undefined && (resolved !== undefined || eose === true),
    ...(resolved === undefined ? {} : { events: resolved }),
    ...(typeof closed === 'string' ? { closed } : {}),
    ...(typeof notice === 'string' ? { notice } : {}),
  };
}

function countExpectation(read: StepReader): CountExpectation | undefined {
  const expect = read.object('expect');
  if (expect === undefined) return undefined;
  const { count, closed, ...rest } = expect;
  if (Object.keys(rest).length > 0) read.problem(`"expect" takes count or closed, not ${Object.keys(rest)}`);
  if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0)) {
    read.problem('"expect.count" must be a whole number');
  }
  if (closed !== undefined && typeof closed !== 'string') read.problem('"expect.closed" must be a message prefix');
  return {
    ...(typeof count === 'number' ? { count } : {}),
    ...(typeof closed === 'string' ? { closed } : {}),
  };
}
