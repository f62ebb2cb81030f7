// The service.name precedence matrix of CONTRACT §3.2: the environments the suite starts relays under
// (harness/suite/service-name.test.ts) and asks the Rust oracle about (resource.oracle.test.ts).
import type { ResourceEnv } from './resource-check.ts';

export interface ServiceNameCase {
  readonly name: string;
  readonly env: ResourceEnv;
}

export const SERVICE_NAME_CASES: readonly ServiceNameCase[] = [
  { name: 'nothing set', env: {} },
  {
    name: 'service.name in OTEL_RESOURCE_ATTRIBUTES only',
    env: { OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' },
  },
  { name: 'OTEL_SERVICE_NAME only', env: { OTEL_SERVICE_NAME: 'from-variable' } },
  {
    name: 'both set',
    env: { OTEL_SERVICE_NAME: 'from-variable', OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-attributes' },
  },
  { name: 'empty OTEL_SERVICE_NAME', env: { OTEL_SERVICE_NAME: '' } },
  {
    name: 'spaces around pairs, keys and values',
    env: { OTEL_SERVICE_NAME: 'from-variable', OTEL_RESOURCE_ATTRIBUTES: ' service.name = spaced name , team = core ' },
  },
  {
    name: 'extra attributes (a value with "=" and one percent-encoded)',
    env: {
      OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=compat,service.name=with-extras,query=a=b,team=relay%20core',
    },
  },
  {
    name: 'a malformed pair without "="',
    env: { OTEL_SERVICE_NAME: 'from-variable', OTEL_RESOURCE_ATTRIBUTES: 'no-equals-sign,team=core' },
  },
];
