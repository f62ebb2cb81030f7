import { describe, expect, it } from 'vitest';
import { promtoolAccepted, runPromtoolCheck } from './promtool.ts';

describe('runPromtoolCheck', () => {
  it('§2.1 promtool accepts exposition text with lint warnings and rejects a malformed line', async (ctx) => {
    const valid = await runPromtoolCheck('# TYPE x_total counter\nx_total 1\n\n');
    if (!valid.available) return ctx.skip('promtool is not on PATH (Debian package prometheus)');
    expect(promtoolAccepted(valid)).toBe(true);
    expect(valid.output).toEqual(['x_total no help text']);
    const invalid = await runPromtoolCheck('# TYPE x_total counter\nx_total 1 2 3\n\n');
    expect(invalid.available && promtoolAccepted(invalid)).toBe(false);
  });
});
