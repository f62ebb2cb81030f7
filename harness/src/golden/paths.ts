// Where goldens live: golden/metrics/<scenario>.prom and golden/traces/<scenario>.txt at the repository root.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type GoldenKind = 'metrics' | 'traces';

export const GOLDEN_EXTENSIONS: Readonly<Record<GoldenKind, string>> = { metrics: '.prom', traces: '.txt' };

export const DEFAULT_GOLDEN_DIR = fileURLToPath(new URL('../../../golden/', import.meta.url));

export function goldenPath(kind: GoldenKind, scenario: string, goldenDir: string = DEFAULT_GOLDEN_DIR): string {
  return join(goldenDir, kind, `${scenario}${GOLDEN_EXTENSIONS[kind]}`);
}
