import { describe, expect, it } from 'vitest';
import { resolveResourceAttributes } from './resource.ts';

function resolve(serviceName: string | undefined, resourceAttributes: string | undefined) {
  return resolveResourceAttributes({ serviceName, resourceAttributes });
}

describe('resolveResourceAttributes', () => {
  it('§3.2 with nothing set the resource is service.name=buzz-relay alone', () => {
    expect(resolve(undefined, undefined)).toEqual({ 'service.name': 'buzz-relay' });
  });

  it('§3.2 a non-empty OTEL_SERVICE_NAME names the service', () => {
    expect(resolve('relay-east', undefined)).toEqual({ 'service.name': 'relay-east' });
  });

  it('§3.2 service.name inside OTEL_RESOURCE_ATTRIBUTES names the service', () => {
    expect(resolve(undefined, 'service.name=from-attributes')).toEqual({ 'service.name': 'from-attributes' });
  });

  it('§3.2 service.name inside OTEL_RESOURCE_ATTRIBUTES beats OTEL_SERVICE_NAME (buzz order)', () => {
    expect(resolve('from-service-name', 'service.name=from-attributes')).toEqual({
      'service.name': 'from-attributes',
    });
  });

  it('§3.2 an empty OTEL_SERVICE_NAME counts as unset', () => {
    expect(resolve('', undefined)).toEqual({ 'service.name': 'buzz-relay' });
  });

  it('§3.2 keys and values are trimmed around every pair', () => {
    expect(resolve(undefined, '  deployment.environment = staging ,  team=relay  ')).toEqual({
      'service.name': 'buzz-relay',
      'deployment.environment': 'staging',
      team: 'relay',
    });
  });

  // Found by the Rust oracle: opentelemetry_sdk trims with Rust's str::trim, not JavaScript's trim.
  it('§3.2 pairs are trimmed of Unicode White_Space only: U+0085 goes, U+FEFF stays', () => {
    expect(resolve(undefined, '\ufeff=\u0085v\u0085,\u3000k\t=\u00a0w')).toEqual({
      'service.name': 'buzz-relay',
      '\ufeff': 'v',
      k: 'w',
    });
  });

  it('§3.2 extra attributes sit beside service.name and nothing else is added', () => {
    expect(resolve('svc', 'service.namespace=buzz,service.version=1.2.3,region=eu-west-1')).toEqual({
      'service.name': 'svc',
      'service.namespace': 'buzz',
      'service.version': '1.2.3',
      region: 'eu-west-1',
    });
  });

  it('§3.2 a pair without "=" is skipped and the others still count', () => {
    expect(resolve(undefined, 'lonely,team=relay,,')).toEqual({ 'service.name': 'buzz-relay', team: 'relay' });
  });

  it('§3.2 a value holding another "=" is kept whole: the pair splits at its first "=" (opentelemetry_sdk ≥ 0.28)', () => {
    expect(resolve(undefined, 'query=a=b,token=SGk==,team=relay')).toEqual({
      'service.name': 'buzz-relay',
      query: 'a=b',
      token: 'SGk==',
      team: 'relay',
    });
  });

  it('§3.2 an empty key or an empty value is kept as given', () => {
    expect(resolve(undefined, '=orphan,flag=')).toEqual({ 'service.name': 'buzz-relay', '': 'orphan', flag: '' });
  });

  it('§3.2 an empty service.name inside OTEL_RESOURCE_ATTRIBUTES still wins, as in buzz', () => {
    expect(resolve('svc', 'service.name=')).toEqual({ 'service.name': '' });
  });

  it('§3.2 an empty OTEL_RESOURCE_ATTRIBUTES adds nothing', () => {
    expect(resolve('svc', '')).toEqual({ 'service.name': 'svc' });
  });

  it('§3.2 a key given twice keeps its last value', () => {
    expect(resolve(undefined, 'a=x,a=z,service.name=first,service.name=second')).toEqual({
      'service.name': 'second',
      a: 'z',
    });
  });

  it('§3.2 values are not percent-decoded', () => {
    expect(resolve(undefined, 'note=a%2Cb%20c')).toEqual({ 'service.name': 'buzz-relay', note: 'a%2Cb%20c' });
  });

  it('§3.2 a key named __proto__ is an ordinary attribute', () => {
    const attributes = resolve(undefined, '__proto__=x');
    expect(Object.keys(attributes)).toEqual(['service.name', '__proto__']);
    expect(Object.getPrototypeOf(attributes)).toBe(Object.prototype);
  });
});
