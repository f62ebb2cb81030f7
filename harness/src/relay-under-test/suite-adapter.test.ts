import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuiteAdapter } from './suite-adapter.ts';

const REPO = resolve(import.meta.dirname, '../../..');

describe('loadSuiteAdapter', () => {
  it('loads the reference relay by default and BUZZ_COMPAT_ADAPTER when set', async () => {
    expect((await loadSuiteAdapter({})).file).toBe(join(REPO, 'adapters/reference.json'));
    const other = join(REPO, 'adapters/reference-without-otel.json');
    expect((await loadSuiteAdapter({ BUZZ_COMPAT_ADAPTER: other })).name).toBe('reference-without-otel');
  });
});
