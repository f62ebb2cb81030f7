import { describe, expect, it } from 'vitest';
import type { ClauseResult } from '../clause-result.ts';
import { renderMarkdown } from './markdown.ts';
import { BASELINE_CONTEXT, CONTEXT, SAMPLE, WITH_BASELINE } from './sample-results.ts';

describe('renderMarkdown', () => {
  const text = renderMarkdown(SAMPLE, CONTEXT);

  it('opens with the verdict and the counts', () => {
    expect(text.split('\n').slice(0, 3)).toEqual([
      '### buzz-compat ❌ relay `reference`: 2 required clauses not passing, 1 run error',
      '',
      'Profile `buzz` · 4 clauses in 84 s · required: 1 pass, 1 fail, 1 untested · optional: 0 pass, 1 fail, 0 untested',
    ]);
  });

  it('lists what needs attention first, one escaped line per clause, and folds the passing ones away', () => {
    const rows = text.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual([
      '| `metrics.exposition` | §2.1 | required | ❌ fail | [metrics.exposition §2.1] expected "\\\\n\\\\n" & got &lt;EOF> \\| red\u0001 (+1 more) |',
      '| `spans.count` | §3.3 | required | ➖ untested | no test in the suite decides this clause |',
      '| `tracing.sampler` | §3.1 | optional | ⚠️ fail | [tracing.sampler §3.1] always_off still exported 3 spans |',
      '| `metrics.health` | §2.1 | required | ✅ pass |  |',
    ]);
    expect(text).toContain('<details><summary>1 passing clause</summary>');
    expect(text).toContain('- harness/suite/broken.test.ts failed to load: Cannot find module');
  });

  it('says so when every required clause passes', () => {
    const passing = renderMarkdown([SAMPLE[0]!, SAMPLE[2]!], { ...CONTEXT, runErrors: [] });
    expect(passing.split('\n')[0]).toBe('### buzz-compat ✅ relay `reference` passes every required clause');
  });

  it('stays within a pull-request comment however many clauses fail', () => {
    const many: ClauseResult[] = Array.from({ length: 2000 }, (_, index) => ({
      ...SAMPLE[1]!,
      id: `metrics.family.f${index}`,
      reasons: ['x'.repeat(5000)],
    }));
    const long = renderMarkdown(many, CONTEXT);
    expect(long.length).toBeLessThan(65_536);
    expect(long).toMatch(/\| … \| \| \| \| \d+ more rows left out to fit a comment/);
  });

  it('with known failures: the three groups apart, and the versions judged with in the footer', () => {
    const withBaseline = renderMarkdown(WITH_BASELINE, BASELINE_CONTEXT);
    expect(withBaseline.split('\n')[0]).toBe(
      '### buzz-compat ❌ relay `reference`: 1 required clause not passing, 1 known failure now passing (remove from the known-failures file)',
    );
    const rows = withBaseline.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toEqual([
      '| `spans.count` | §3.3 | required | ➖ untested | no test in the suite decides this clause |',
      '| `metrics.health` | §2.1 | required | 🎉 fixed: remove from known failures |  |',
      '| `metrics.exposition` | §2.1 | required | ➖ expected failure | known failure: the exporter adds a trailer (+1 more) |',
    ]);
    expect(withBaseline).toContain(
      'buzz-compat 0.2.0 · contract v2 (docs/contract.md) · goldens checked against buzz sprout@9ee5aee',
    );
  });
});
