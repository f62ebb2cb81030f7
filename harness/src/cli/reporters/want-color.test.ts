import { describe, expect, it } from 'vitest';
import { wantsColor } from './want-color.ts';

const terminal = { isTTY: true, hasColors: () => true };
const pipe = {};

describe('wantsColor', () => {
  it('paints a terminal with colours and leaves a pipe plain', () => {
    expect(wantsColor({}, terminal)).toBe(true);
    expect(wantsColor({}, pipe)).toBe(false);
    expect(wantsColor({}, { isTTY: true, hasColors: () => false })).toBe(false);
  });

  it('NO_COLOR, when not empty, turns colour off even on a terminal and even with FORCE_COLOR', () => {
    expect(wantsColor({ NO_COLOR: '1' }, terminal)).toBe(false);
    expect(wantsColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, terminal)).toBe(false);
    expect(wantsColor({ NO_COLOR: '' }, terminal)).toBe(true);
  });

  it('FORCE_COLOR paints a pipe (CI logs), and FORCE_COLOR=0 or false leaves a terminal plain', () => {
    expect(wantsColor({ FORCE_COLOR: '1' }, pipe)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '' }, pipe)).toBe(true);
    expect(wantsColor({ FORCE_COLOR: '0' }, terminal)).toBe(false);
    expect(wantsColor({ FORCE_COLOR: 'false' }, terminal)).toBe(false);
  });

  it('hands the environment to the terminal check, so TERM=dumb there is honoured', () => {
    const seen: object[] = [];
    const hasColors = (env?: object) => {
      seen.push(env ?? {});
      return false;
    };
    wantsColor({ TERM: 'dumb' }, { isTTY: true, hasColors });
    expect(seen).toEqual([{ TERM: 'dumb' }]);
  });
});
