import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { AdapterError } from './adapter-error.ts';
import { FIELDS, parseAdapter } from './load-adapter.ts';

// The JSON Schema is for editors; the loader is what decides. These keep the two saying the same thing.

const REPO = resolve(import.meta.dirname, '../../..');
const schema = JSON.parse(await readFile(join(REPO, 'schema/adapter.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true }).compile(schema);

const shipped = [
  ...(await readdir(join(REPO, 'adapters'))).map((name) => join(REPO, 'adapters', name)),
  join(REPO, 'harness/src/cli/test-support/fake-relay.json'),
];

const base = {
  name: 'x',
  command: ['node', 'relay.js'],
  readiness: { tcp: '127.0.0.1:{wsPort}' },
  urls: { ws: 'ws://127.0.0.1:{wsPort}', metrics: 'http://127.0.0.1:{metricsPort}/metrics', health: 'http://h' },
};

function loads(adapter: unknown): boolean {
  try {
    parseAdapter(adapter, '/tmp/adapter.json');
    return true;
  } catch (error) {
    if (error instanceof AdapterError) return false;
    throw error;
  }
}

describe('adapter JSON Schema', () => {
  it('knows exactly the fields the loader knows', () => {
    expect(Object.keys(schema.properties).sort()).toEqual([...FIELDS].sort());
  });

  it.each(shipped)('accepts %s, as the loader does', async (path) => {
    const adapter = JSON.parse(await readFile(path, 'utf8'));
    expect(validate(adapter), JSON.stringify(validate.errors)).toBe(true);
    expect(loads(adapter)).toBe(true);
  });

  it.each([
    ['a typo in a field name', { ...base, readyness: base.readiness }],
    ['an OTEL_ variable in env', { ...base, env: { OTEL_SERVICE_NAME: 'x' } }],
    ['two readiness probes', { ...base, readiness: { tcp: '127.0.0.1:1', http: 'http://127.0.0.1:1' } }],
    ['a ws URL that is http', { ...base, urls: { ...base.urls, ws: 'http://127.0.0.1:1' } }],
    ['neither command nor image', { ...base, command: undefined }],
    ['an empty command', { ...base, command: [] }],
    ['a migrate step without a command', { ...base, migrate: { timeoutMs: 5 } }],
  ])('refuses %s, as the loader does', (_what, adapter) => {
    const json = JSON.parse(JSON.stringify(adapter));
    expect(validate(json)).toBe(false);
    expect(loads(json)).toBe(false);
  });
});
