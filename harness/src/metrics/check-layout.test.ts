import { describe, expect, it } from 'vitest';
import { checkLayout } from './check-layout.ts';

describe('checkLayout', () => {
  it('§2.1 accepts one empty line after each family and an empty body', () => {
    expect(checkLayout('# TYPE a counter\na 1\n\n# TYPE b gauge\nb 0\n\n')).toEqual([]);
    expect(checkLayout('')).toEqual([]);
  });

  it.each([
    ['# TYPE a counter\na 1\n', 'a non-empty body ends with exactly "\\n\\n"'],
    ['# TYPE a counter\na 1\n\n\n', 'line 4 is an extra empty line'],
    ['# TYPE a counter\na 1\n# TYPE b gauge\nb 0\n\n', 'line 3 starts a family without an empty line before it'],
  ])('§2.1 reports %j', (body, message) => {
    expect(
      checkLayout(body)
        .map((f) => f.message)
        .join('\n'),
    ).toContain(message);
  });
});
