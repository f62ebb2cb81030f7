import { describe, expect, it } from 'vitest';
import { LogRing } from './log-ring.ts';

describe('LogRing', () => {
  it('joins chunks into lines per stream and keeps the last lines only', () => {
    const ring = new LogRing(3);
    ring.push('stdout', 'one\ntw');
    ring.push('stderr', 'err\r\n');
    ring.push('stdout', 'o\nthree\nfour');
    expect(ring.lines()).toEqual(['err', 'two', 'three']);
    ring.end();
    expect(ring.lines()).toEqual(['two', 'three', 'four']);
    expect(ring.tail(2)).toBe('  … 3 earlier lines\n  | three\n  | four');
  });

  it('says so when there was no output', () => {
    expect(new LogRing(5).tail(10)).toBe('  (no output)');
  });
});
