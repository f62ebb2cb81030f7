import { describe, expect, it } from 'vitest';
import { checkResource, expectedResource, expectedServiceName, parseResourceAttributes } from './resource-check.ts';
import { text } from './test-spans.ts';

describe('service.name precedence', () => {
  const RA = 'service.name=from-ra';
  it.each([
    [{}, 'buzz-relay', 'buzz-relay'],
    [{ OTEL_RESOURCE_ATTRIBUTES: RA }, 'from-ra', 'from-ra'],
    [{ OTEL_SERVICE_NAME: 'from-sn' }, 'from-sn', 'from-sn'],
    [{ OTEL_SERVICE_NAME: 'from-sn', OTEL_RESOURCE_ATTRIBUTES: RA }, 'from-ra', 'from-sn'],
    [{ OTEL_SERVICE_NAME: '', OTEL_RESOURCE_ATTRIBUTES: 'team=x' }, 'buzz-relay', 'buzz-relay'],
    [{ OTEL_SERVICE_NAME: ' spaced ' }, ' spaced ', ' spaced '],
    [{ OTEL_RESOURCE_ATTRIBUTES: ' service.name =  padded , broken' }, 'padded', 'padded'],
  ])('§3.2 %j → buzz %j, otel-spec %j', (env, buzz, spec) => {
    expect(expectedServiceName(env, 'buzz')).toBe(buzz);
    expect(expectedServiceName(env, 'otel-spec')).toBe(spec);
  });

  it('§3.2 OTEL_RESOURCE_ATTRIBUTES splits on "," and the first "=", trims, keeps percent signs, drops pairs without "="', () => {
    expect([...parseResourceAttributes(' a = 1 ,b=x=y,c%20d=e%20f,junk,,a=2')]).toEqual([
      ['a', '2'],
      ['b', 'x=y'],
      ['c%20d', 'e%20f'],
    ]);
    expect(expectedResource({ OTEL_RESOURCE_ATTRIBUTES: 'k=v' }, 'buzz')).toEqual({
      k: 'v',
      'service.name': 'buzz-relay',
    });
  });

  // Found by the Rust oracle: the SDK trims with Rust's str::trim (Unicode White_Space).
  it('§3.2 keys and values are trimmed of Unicode White_Space only: U+0085 goes, U+FEFF stays', () => {
    expect([...parseResourceAttributes('\ufeff=\u0085v\u0085,\u3000k\t=\u00a0w')]).toEqual([
      ['\ufeff', 'v'],
      ['k', 'w'],
    ]);
  });

  it('§3.2 the exact resource passes; extra, missing and mistyped attributes fail', () => {
    const env = { OTEL_RESOURCE_ATTRIBUTES: 'team=core' };
    expect(checkResource({ 'service.name': text('buzz-relay'), team: text('core') }, env, 'buzz')).toEqual([]);
    const findings = checkResource(
      { 'service.name': { type: 'int', value: '1' }, 'host.name': text('box') },
      env,
      'buzz',
    ).map((f) => f.message);
    expect(findings).toEqual([
      '[resource.attributes §3.2] the resource has host.name; it holds only service.name and the pairs of OTEL_RESOURCE_ATTRIBUTES',
      expect.stringContaining('[resource.attributes-parsing §3.2] the resource has no team; expected "core"'),
      '[resource.attributes §3.2] resource attribute service.name is int 1; expected the string "buzz-relay"',
    ]);
  });
});
