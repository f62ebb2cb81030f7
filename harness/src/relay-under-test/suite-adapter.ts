import { readSuiteEnv } from '../test-run/suite-env.ts';
import type { RelayAdapter } from './adapter-types.ts';
import { loadAdapter } from './load-adapter.ts';

/** The adapter this run checks: BUZZ_COMPAT_ADAPTER (set by `buzz-compat run --relay`), else the reference relay. */
export function loadSuiteAdapter(env: NodeJS.ProcessEnv = process.env): Promise<RelayAdapter> {
  return loadAdapter(readSuiteEnv(env).adapterPath);
}
