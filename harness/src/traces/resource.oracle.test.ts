import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { oracleAvailability, runOracle } from '../../../oracle/client/run-oracle.ts';
import type { Attributes } from '../collector/model.ts';
import { checkResource, expectedServiceName, type ResourceEnv } from './resource-check.ts';
import { SERVICE_NAME_CASES } from './service-name-matrix.ts';

// CONTRACT §3.2 against the Rust SDK itself: the oracle builds buzz-relay's resource (opentelemetry_sdk 0.32.1,
// builder_empty + service name + EnvResourceDetector) under each environment, and the suite's expectation for
// profile buzz must be exactly that resource. The otel-spec profile must disagree exactly where the order matters.

interface OracleResource {
  readonly attributes: Attributes;
}

async function rustResource(env: ResourceEnv): Promise<Attributes> {
  const answer = (await runOracle('resource', { ...env })) as OracleResource;
  return answer.attributes;
}

const availability = oracleAvailability();

describe.skipIf(availability.state !== 'ready')('[oracle] resource: the suite expects what the Rust SDK builds', () => {
  for (const c of SERVICE_NAME_CASES) {
    it(`§3.2 ${c.name}: profile buzz expects exactly the Rust resource`, async () => {
      const resource = await rustResource(c.env);
      expect(checkResource(resource, c.env, 'buzz')).toEqual([]);
      expect(resource['service.name']).toEqual({ type: 'string', value: expectedServiceName(c.env, 'buzz') });
    });

    const swapped = expectedServiceName(c.env, 'otel-spec') !== expectedServiceName(c.env, 'buzz');
    it(`§3.2 ${c.name}: profile otel-spec ${swapped ? 'rejects' : 'accepts'} it (the precedence ${swapped ? 'matters' : 'does not matter'} here)`, async () => {
      const findings = checkResource(await rustResource(c.env), c.env, 'otel-spec');
      expect(findings.map((f) => f.clause)).toEqual(swapped ? ['resource.service-name.otel-spec'] : []);
    });
  }

  it('§3.2 the matrix has cases where the two orders disagree, so a swapped expectation would fail', () => {
    const disagreeing = SERVICE_NAME_CASES.filter(
      (c) => expectedServiceName(c.env, 'otel-spec') !== expectedServiceName(c.env, 'buzz'),
    );
    expect(disagreeing.length).toBeGreaterThan(0);
  });

  it('§3.2 generated OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME: the suite parses them as the SDK does', {
    timeout: 120_000,
  }, async () => {
    const piece = fc.constantFrom(
      'service.name',
      'team',
      'a',
      '=',
      '==',
      ',',
      ',,',
      ' ',
      '\t',
      '%20',
      'x y',
      'é',
      '\u00a0',
      '\u0085',
      '\u2028',
      '\ufeff',
      '\u200b',
      '\u3000',
      '\v',
      '\f',
      '\r',
      '\n',
      '',
    );
    const text = fc.array(piece, { maxLength: 10 }).map((parts) => parts.join(''));
    const env = fc.record(
      {
        OTEL_RESOURCE_ATTRIBUTES: fc.option(text, { nil: undefined }),
        OTEL_SERVICE_NAME: fc.option(text, { nil: undefined }),
      },
      { requiredKeys: [] },
    );
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(env, async (e) => {
        cases++;
        expect(checkResource(await rustResource(e), e, 'buzz')).toEqual([]);
      }),
      { numRuns: 300 },
    );
    console.log(`[oracle] resource: ${cases} generated environments, the suite's expectation is the SDK's resource`);
  });
});
