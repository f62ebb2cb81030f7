import { describe, expect, it } from 'vitest';
import { callerLabel, kindLabel, mimeLabel } from './labels.ts';

describe('kindLabel', () => {
  it.each([
    0, 9, 1059, 1063, 8000, 8003, 9000, 9022, 9030, 9036, 13534, 13535, 20000, 29999, 30023, 30315, 39000, 39003, 40002,
    40100, 41001, 41010, 41012, 43001, 43006, 44100, 44101, 45001, 45003, 46001, 46012, 46020, 46030, 46031, 48001,
    48100, 48103, 48106, 49001,
  ])('§2.4 allow-listed kind %i is kept as its decimal', (kind) => {
    expect(kindLabel(kind)).toBe(String(kind));
  });

  it.each([
    10, 1058, 1060, 1062, 1064, 7999, 8004, 8999, 9023, 9029, 9037, 13533, 13536, 19999, 30000, 30022, 30024, 30314,
    30316, 38999, 39004, 40001, 40101, 41000, 41002, 41009, 41013, 43000, 43007, 44099, 44102, 45000, 45004, 46000,
    46013, 46019, 46021, 46029, 46032, 48000, 48002, 48099, 48104, 48105, 48107, 49000, 49002, 65535,
  ])('§2.4 kind %i next to the allow-list is other', (kind) => {
    expect(kindLabel(kind)).toBe('other');
  });

  it.each([-1, 1.5, 65536, 1e300, Number.NaN, Number.POSITIVE_INFINITY])('§2.4 hostile kind %s is other', (kind) => {
    expect(kindLabel(kind)).toBe('other');
  });
});

describe('callerLabel', () => {
  it.each(['web', 'svc-A_9', 'a'.repeat(64)])('§2.4 valid caller %s passes', (value) => {
    expect(callerLabel(value)).toBe(value);
  });

  it('§2.4 an empty caller passes as ""', () => {
    expect(callerLabel('')).toBe('');
  });

  it('§2.4 a missing header is unknown', () => {
    expect(callerLabel(undefined)).toBe('unknown');
    expect(callerLabel([])).toBe('unknown');
  });

  it.each(['a'.repeat(65), 'a b', 'a.b', 'a/b', 'svc\n', 'ünï', 'a"b', 'web, other'])(
    '§2.4 invalid caller %j is unknown',
    (value) => {
      expect(callerLabel(value)).toBe('unknown');
    },
  );

  it('§2.4 only the first of repeated headers counts', () => {
    expect(callerLabel(['first', 'second'])).toBe('first');
    expect(callerLabel(['bad value', 'good'])).toBe('unknown');
  });
});

describe('mimeLabel', () => {
  it.each(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4'])('§2.3 %s is kept', (mime) => {
    expect(mimeLabel(mime)).toBe(mime);
  });

  it.each(['image/svg+xml', 'application/octet-stream', 'IMAGE/PNG', 'image/png; x=1', ''])(
    '§2.3 %j is other',
    (mime) => {
      expect(mimeLabel(mime)).toBe('other');
    },
  );
});
