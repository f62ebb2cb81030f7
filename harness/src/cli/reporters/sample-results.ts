import type { ClauseResult, RunContext } from '../clause-result.ts';

// Data for the reporters' tests: one clause in every state, and a failure message with everything that needs
// escaping somewhere (markup, quotes, pipes, ANSI colour, a control character, several lines).

export const NASTY =
  '[metrics.exposition §2.1] expected "\\n\\n" & got <EOF> | \u001b[31mred\u001b[0m\u0001\nline 2\nline 3';

export const SAMPLE: ClauseResult[] = [
  {
    id: 'metrics.health',
    section: '§2.1',
    title: '/health on the metrics port returns OK',
    required: true,
    expected: null,
    findings: [],
    evidence: [],
    status: 'pass',
    reasons: [],
    tests: [
      { name: '[metrics.health] returns OK', file: 'harness/suite/metrics.test.ts', state: 'passed', durationMs: 12 },
    ],
  },
  {
    id: 'metrics.exposition',
    section: '§2.1',
    title: 'body is Prometheus text',
    required: true,
    expected: null,
    findings: [
      {
        clause: 'metrics.exposition',
        message: '[metrics.exposition §2.1] the body does not end with an empty line',
        at: { file: 'golden/metrics/core-ingest.prom', line: 14 },
      },
    ],
    evidence: ['/work/reports/evidence/metrics/core-ingest'],
    status: 'fail',
    reasons: [`${NASTY}\n(test "[metrics.exposition] body", harness/suite/metrics.test.ts)`, 'second failure'],
    tests: [
      { name: '[metrics.exposition] body', file: 'harness/suite/metrics.test.ts', state: 'failed', durationMs: 30 },
      { name: '[metrics.exposition] again', file: 'harness/suite/metrics.test.ts', state: 'failed', durationMs: 8 },
    ],
  },
  {
    id: 'tracing.sampler',
    section: '§3.1',
    title: 'sampler from OTEL_TRACES_SAMPLER/_ARG',
    required: false,
    expected: null,
    findings: [],
    evidence: [],
    status: 'fail',
    reasons: ['[tracing.sampler §3.1] always_off still exported 3 spans'],
    tests: [{ name: '[tracing.sampler] off', file: 'harness/suite/tracing.test.ts', state: 'failed', durationMs: 900 }],
  },
  {
    id: 'spans.count',
    section: '§3.3',
    title: 'COUNT: ws.count(conn_id, sub_id)',
    required: true,
    expected: null,
    findings: [],
    evidence: [],
    status: 'untested',
    reasons: ['no test in the suite decides this clause'],
    tests: [],
  },
];

export const CONTEXT: RunContext = {
  adapter: 'reference',
  profile: 'buzz',
  durationMs: 84_250,
  provenance: { suiteVersion: '0.2.0', contractVersion: 'v2', goldens: 'sprout@9ee5aee', baseline: null },
  runErrors: ['harness/suite/broken.test.ts failed to load: Cannot find module'],
};

/** A run with a known-failures file: one listed clause still failing, one that now passes, one new failure. */
export const WITH_BASELINE: ClauseResult[] = [
  { ...SAMPLE[0]!, expected: { reason: 'health is served elsewhere', file: 'known-failures.txt', line: 4 } },
  { ...SAMPLE[1]!, expected: { reason: 'the exporter adds a trailer', file: 'known-failures.txt', line: 2 } },
  SAMPLE[3]!,
];

export const BASELINE_CONTEXT: RunContext = {
  ...CONTEXT,
  provenance: { ...CONTEXT.provenance, baseline: 'known-failures.txt' },
  runErrors: [],
};
