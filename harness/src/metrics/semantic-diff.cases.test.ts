// Every folder under cases/ is one kind of mismatch: expected.prom (a golden body), actual.prom (what a relay
// served) and message.txt (text the finding must contain). The folder name starts with the clause id the
// finding must carry. A folder without message.txt is a valid scrape that must produce no finding at all.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clauseOfFolder, expectCaseFinding } from '../clauses/case-folders.ts';
import { clause } from '../clauses/catalogue.ts';
import { compareMetricsGolden } from '../golden/compare.ts';
import { BUZZ_SNAPSHOT, CONTRACT_VERSION } from '../golden/header.ts';
import { semanticDiff } from './semantic-diff.ts';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const cases = readdirSync(casesDir).sort();
const read = (name: string, file: string) => readFileSync(join(casesDir, name, file), 'utf8');

/** The longest catalogue id that the folder name starts with, followed by '-'. */

describe('metrics semantic diff, one case per folder', () => {
  it('finds its case folders', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    const expected = read(name, 'expected.prom');
    const actual = read(name, 'actual.prom');
    if (!existsSync(join(casesDir, name, 'message.txt'))) {
      it(`§2.1 ${name}: a valid scrape produces no finding and equals its golden once prepared`, () => {
        expect(semanticDiff(expected, actual)).toEqual([]);
        const golden = {
          path: name,
          header: { scenario: 'valid', contract: CONTRACT_VERSION, buzz: BUZZ_SNAPSHOT },
          body: expected,
        };
        const verdict = compareMetricsGolden(golden, 'valid', actual);
        expect(verdict.findings).toEqual([]);
        expect(verdict.equal).toBe(true);
      });
      continue;
    }
    const id = clauseOfFolder(name);
    const message = read(name, 'message.txt').trim();
    it(`${id === undefined ? '?' : clause(id).section} ${name}`, () => {
      expect(semanticDiff(expected, expected), 'the expected body must match itself').toEqual([]);
      const findings = semanticDiff(expected, actual);
      expectCaseFinding(name, findings, message);
    });
  }
});
