// Every folder under cases/ is one kind of span mismatch: actual.json (the collected spans, the frames the
// clients sent, the relay's env and the profile), expected.txt (the golden rendering) and message.txt (text a
// finding must contain). The folder name starts with the clause id of that finding. A folder without
// message.txt is a valid session that must produce no finding.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clauseOfFolder, expectCaseFinding } from '../clauses/case-folders.ts';
import { clause } from '../clauses/catalogue.ts';
import type { Finding } from '../clauses/finding.ts';
import { compareTracesGolden } from '../golden/compare.ts';
import { BUZZ_SNAPSHOT, CONTRACT_VERSION } from '../golden/header.ts';
import { judgeTraces, renderScenarioTraces, type TraceEvidence } from './judge-traces.ts';

const casesDir = fileURLToPath(new URL('./cases/', import.meta.url));
const cases = readdirSync(casesDir).sort();
const read = (name: string, file: string) => readFileSync(join(casesDir, name, file), 'utf8');

function allFindings(name: string): Finding[] {
  const evidence = JSON.parse(read(name, 'actual.json')) as TraceEvidence;
  const golden = {
    path: `${name}/expected.txt`,
    header: { scenario: 'case', contract: CONTRACT_VERSION, buzz: BUZZ_SNAPSHOT },
    body: read(name, 'expected.txt'),
  };
  const rendered = renderScenarioTraces(evidence.spans, evidence.frames);
  return [...judgeTraces(evidence), ...compareTracesGolden(golden, 'case', rendered).findings];
}

describe('span checks, one case per folder', () => {
  it('finds its case folders', () => {
    expect(cases.length).toBeGreaterThan(10);
  });

  for (const name of cases) {
    if (!existsSync(join(casesDir, name, 'message.txt'))) {
      it(`§3.3 ${name}: a valid session produces no finding and renders as its golden`, () => {
        expect(allFindings(name)).toEqual([]);
      });
      continue;
    }
    const id = clauseOfFolder(name);
    const message = read(name, 'message.txt').trim();
    it(`${id === undefined ? '?' : clause(id).section} ${name}`, () => {
      const findings = allFindings(name);
      expectCaseFinding(name, findings, message);
    });
  }
});
