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
    status: 'fail',
    reasons: ['[tracing.sampler §3.1] always_off still exported 3 spans'],
    tests: [{ name: '[tracing.sampler] off', file: 'harness/suite/tracing.test.ts', state: 'failed', durationMs: 900 }],
  },
  {
    id: 'spans.count',
    section: '§3.3',
    title: 'COUNT: ws.count(conn_id, sub_id)',
    required: true,
    status: 'untested',
    reasons: ['no test in the suite decides this clause'],
    tests: [],
  },
];

export const CONTEXT: RunContext = {
  adapter: 'reference',
  profile: 'buzz',
  durationMs: 84_250,
  runErrors: ['harness/suite/broken.test.ts failed to load: Cannot find module'],
};
