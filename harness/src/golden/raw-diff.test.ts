import { describe, expect, it } from 'vitest';
import { rawDiff } from './raw-diff.ts';

describe('rawDiff', () => {
  it('golden workflow: equal texts give an empty diff', () => {
    expect(rawDiff('a\nb\n', 'a\nb\n')).toBe('');
  });

  it('golden workflow: a changed line shows as - then + with context and hunk ranges', () => {
    const expected = ['1', '2', '3', '4', '5', '6', '7', '8', '9', ''].join('\n');
    const actual = expected.replace('5', 'five');
    expect(rawDiff(expected, actual)).toBe(
      ['--- expected', '+++ actual', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+five', ' 6', ' 7', ' 8', ''].join(
        '\n',
      ),
    );
  });

  it('golden workflow: insertions and deletions far apart make separate hunks', () => {
    const expected = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const actual = expected.replace('line 2\n', '').replace('line 17', 'line 17\nnew');
    const diff = rawDiff(expected, actual, { context: 1, expectedLabel: 'golden', actualLabel: 'scrape' });
    expect(diff).toBe(
      [
        '--- golden',
        '+++ scrape',
        '@@ -2,3 +2,2 @@',
        ' line 1',
        '-line 2',
        ' line 3',
        '@@ -18,2 +17,3 @@',
        ' line 17',
        '+new',
        ' line 18',
        '',
      ].join('\n'),
    );
  });

  it('golden workflow: a diff against an empty text covers every line', () => {
    expect(rawDiff('', 'a\n')).toBe(['--- expected', '+++ actual', '@@ -1,1 +1,2 @@', '+a', ' ', ''].join('\n'));
  });
});
