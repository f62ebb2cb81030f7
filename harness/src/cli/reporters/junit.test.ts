import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.ts';
import { BASELINE_CONTEXT, CONTEXT, SAMPLE, WITH_BASELINE } from './sample-results.ts';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

type Case = Record<string, unknown> & { '@name': string };
type Suite = { '@name': string; '@tests': string; '@failures': string; '@skipped': string; testcase: Case[] };

describe('renderJunit', () => {
  const xml = renderJunit(SAMPLE, CONTEXT);
  const document = parser.parse(xml) as { testsuites: Record<string, string> & { testsuite: Suite[] } };

  it('is well-formed XML, even with markup, quotes, ANSI and control characters in a message', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).not.toContain('\u001b');
    expect(xml).not.toContain('\u0001');
  });

  it('is testsuites / testsuite per section / testcase per clause, with a failure for a failing required clause', () => {
    const { testsuites } = document;
    expect(testsuites['@name']).toBe('buzz-compat');
    expect(testsuites.testsuite.map((suite) => suite['@name'])).toEqual([
      'buzz-compat §2.1',
      'buzz-compat §3.1',
      'buzz-compat §3.3',
      'buzz-compat run',
    ]);
    const [metrics] = testsuites.testsuite;
    expect(metrics!.testcase.map((testcase) => testcase['@name'])).toEqual([
      '[metrics.health] /health on the metrics port returns OK',
      '[metrics.exposition] body is Prometheus text',
    ]);
    const failure = metrics!.testcase[1]!.failure as Record<string, string>;
    expect(failure['@message']).toBe('[metrics.exposition §2.1] expected "\\n\\n" & got <EOF> | red\uFFFD');
    expect(failure['#text']).toContain('line 3');
    expect(failure['#text']).toContain('second failure');
    expect(metrics!.testcase[0]).not.toHaveProperty('failure');
  });

  it('reports an optional failure as skipped, an untested required clause as a failure, run errors as an error', () => {
    const [, tracing, spans, run] = document.testsuites.testsuite;
    expect(tracing!.testcase[0]!.skipped).toEqual({
      '@message': 'optional clause failed: [tracing.sampler §3.1] always_off still exported 3 spans',
    });
    expect(spans!.testcase[0]!.failure).toMatchObject({
      '@message': 'untested: no test in the suite decides this clause',
      '@type': 'required clause untested',
    });
    expect((run!.testcase[0]!.error as Record<string, string>)['@message']).toContain('broken.test.ts failed to load');
  });

  it('counts agree with the exit code: two failures, one skipped, one error', () => {
    const { testsuites } = document;
    expect([testsuites['@tests'], testsuites['@failures'], testsuites['@skipped'], testsuites['@errors']]).toEqual([
      '5',
      '2',
      '1',
      '1',
    ]);
    expect(testsuites['@time']).toBe('84.250');
  });

  it('records the suite, contract and golden versions it judged with', () => {
    const properties = (document.testsuites.testsuite[0] as unknown as { properties: { property: Case[] } }).properties
      .property;
    expect(Object.fromEntries(properties.map((p) => [p['@name'], p['@value']]))).toEqual({
      adapter: 'reference',
      profile: 'buzz',
      'suite-version': '0.2.0',
      'contract-version': 'v2',
      goldens: 'sprout@9ee5aee',
    });
  });

  it('with known failures: an expected failure is skipped with its reason, a fixed one fails naming its line', () => {
    const parsed = parser.parse(renderJunit(WITH_BASELINE, BASELINE_CONTEXT)) as {
      testsuites: Record<string, string> & { testsuite: Suite[] };
    };
    const [metrics, spans] = parsed.testsuites.testsuite;
    expect(metrics!.testcase[0]!.failure).toMatchObject({
      '@message': 'listed as a known failure but passes: remove line 4 of known-failures.txt',
      '@type': 'known failure fixed',
    });
    expect(metrics!.testcase[1]!.skipped).toEqual({ '@message': 'expected failure: the exporter adds a trailer' });
    expect(spans!.testcase[0]).toHaveProperty('failure');
    expect([parsed.testsuites['@failures'], parsed.testsuites['@skipped']]).toEqual(['2', '1']);
  });
});
