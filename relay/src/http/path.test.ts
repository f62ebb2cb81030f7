import { describe, expect, it } from 'vitest';
import { pathOf } from './path.ts';

describe('pathOf', () => {
  it.each([
    [undefined, '/'],
    ['/', '/'],
    ['/info?x=1', '/info'],
    ['/_readiness?', '/_readiness'],
    ['http://relay.example/_status?verbose', '/_status'],
    ['*', '*'],
  ])('%s → %s, as hyper reads the request target', (url, path) => {
    expect(pathOf(url)).toBe(path);
  });
});
