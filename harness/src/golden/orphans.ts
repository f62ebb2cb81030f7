// A golden without a scenario that checks it, or a checked scenario without its golden, is an error:
// the first is dead weight that looks like coverage, the second a check that cannot fail.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Finding, finding } from '../clauses/finding.ts';
import { SCENARIO_NAME } from './header.ts';
import { GOLDEN_EXTENSIONS, type GoldenKind } from './paths.ts';
import { UPDATE_HINT } from './read.ts';

export interface ExpectedGolden {
  readonly kind: GoldenKind;
  readonly scenario: string;
}

/** Files under `goldenDir`, as paths relative to it with '/' separators (e.g. 'metrics/basic.prom'). */
export async function listGoldenFiles(goldenDir: string): Promise<string[]> {
  const entries = await readdir(goldenDir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(goldenDir.replace(/\/?$/, '/').length).split('\\').join('/'))
    .sort();
}

export function findOrphans(files: readonly string[], expected: readonly ExpectedGolden[]): Finding[] {
  const wanted = new Map(expected.map((g) => [`${g.kind}/${g.scenario}${GOLDEN_EXTENSIONS[g.kind]}`, g]));
  const present = new Set(files);
  const findings: Finding[] = [];
  for (const file of files) {
    if (wanted.has(file)) continue;
    findings.push(
      finding(
        'golden.present',
        isGoldenName(file)
          ? `golden/${file} has no test scenario that compares with it: delete it or add the scenario`
          : `golden/${file} is not a golden (expected metrics/<scenario>.prom or traces/<scenario>.txt)`,
      ),
    );
  }
  for (const [file, golden] of wanted) {
    if (!present.has(file)) {
      findings.push(
        finding(
          'golden.present',
          `scenario ${golden.scenario} checks ${golden.kind} but golden/${file} is missing: ${UPDATE_HINT}`,
        ),
      );
    }
  }
  return findings;
}

/** Throws one Error listing every orphan, for a test or the CLI to fail with. */
export function assertNoOrphans(findings: readonly Finding[]): void {
  if (findings.length > 0)
    throw new Error(`golden files and scenarios do not match:\n${findings.map((f) => f.message).join('\n')}`);
}

function isGoldenName(file: string): boolean {
  const match = /^(metrics|traces)\/([^/]+)$/.exec(file);
  if (match === null) return false;
  const kind = match[1] as GoldenKind;
  const name = match[2] as string;
  return name.endsWith(GOLDEN_EXTENSIONS[kind]) && SCENARIO_NAME.test(name.slice(0, -GOLDEN_EXTENSIONS[kind].length));
}
