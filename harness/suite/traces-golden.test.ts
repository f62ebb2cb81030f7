import { beforeAll, describe } from 'vitest';
import type { ClauseId } from '../src/clauses/catalogue.ts';
import { clauseTag } from '../src/clauses/catalogue.ts';
import { clauseTest } from '../src/clauses/clause-test.ts';
import { type Finding, finding } from '../src/clauses/finding.ts';
import { compareTracesGolden } from '../src/golden/compare.ts';
import { withHeader } from '../src/golden/header.ts';
import { goldenPath } from '../src/golden/paths.ts';
import { readGolden } from '../src/golden/read.ts';
import { formatSummaries, updateGolden } from '../src/golden/update.ts';
import { readSuiteEnv } from '../src/test-run/suite-env.ts';
import { judgeTraces, renderScenarioTraces } from '../src/traces/judge-traces.ts';
import { type Judged, reportFindings } from './support/evidence.ts';
import { goldenUpdateEnv, goldenUpdateRequested } from './support/golden-update.ts';
import { TRACES_SCENARIOS } from './support/scenarios.ts';
import { expectedSpanCount, expectNoFindings, requireSpans, SPAN_WAIT_MS } from './support/trace-evidence.ts';
import { runTracedScenario, saveTracedEvidence, type TracedScenario } from './support/traced-scenario.ts';

// CONTRACT §3.1 and §3.3 against the spans of the golden scenarios (TRACES_SCENARIOS: `traces`, one frame of each
// kind, compared with golden/traces/<scenario>.txt) and of `auth`, judged without a golden for its failure paths
// (refused and repeated AUTHs; EVENT, REQ and COUNT before AUTH). Each scenario runs on its own relay exporting to
// its own fake collector over OTLP/gRPC, with no resource variable set.

const FAILURE_SCENARIO = 'auth';

const SEMANTIC_CLAUSES = [
  ['spans.trace-per-frame', 'each AUTH, EVENT, REQ and COUNT frame starts its own trace with one root'],
  ['spans.no-orphans', 'every parent span id names a span of the same trace'],
  ['spans.kind', 'every span is INTERNAL'],
  ['spans.attribute-values', 'attributes are strings; event ids are the ones the clients sent, kinds decimal'],
  ['spans.auth', 'AUTH frames, accepted or refused: ws.auth → handle_auth'],
  ['spans.event', 'EVENT frames, stored or rejected: ws.event → handle_event → fan_out_scoped'],
  ['spans.req', 'REQ frames, before and after AUTH: ws.req'],
  ['spans.count', 'COUNT frames, before and after AUTH: ws.count'],
  ['spans.none-for-close', 'CLOSE and unparsable frames make no span'],
  ['spans.ws-event-attributes', 'ws.event carries event_id and kind itself'],
  ['tracing.scope', 'spans arrive under instrumentation scope buzz-relay'],
  ['resource.attributes', 'with no resource variable set the resource is exactly service.name'],
] as const satisfies readonly (readonly [ClauseId, string])[];

describe(`span trees of scenarios ${[...TRACES_SCENARIOS, FAILURE_SCENARIO].join(', ')} (CONTRACT §3)`, () => {
  const profile = readSuiteEnv().profile;
  let runs: TracedScenario[];
  let judged: Judged[];
  let findings: Finding[];

  beforeAll(async () => {
    runs = await Promise.all([...TRACES_SCENARIOS, FAILURE_SCENARIO].map((scenario) => runTracedScenario(scenario)));
    judged = await Promise.all(
      runs.map(async (run) => {
        const own = judgeTraces({ spans: run.spans, frames: run.transcript.frames, env: run.env, profile })
          // service.name has its own matrix (service-name.test.ts); here it would only repeat the "nothing set" case
          .filter((f) => !f.clause.startsWith('resource.service-name'))
          .map((f) => ({ ...f, message: `${f.message} (scenario ${run.session.scenario})` }));
        return { findings: own, evidence: await saveTracedEvidence(run, own) };
      }),
    );
    findings = judged.flatMap((output) => output.findings);
  }, 90_000);

  const requireAllSpans = (clause: ClauseId) => {
    for (const run of runs) requireSpans(run.spans, clause, `${run.label}, scenario ${run.session.scenario}`);
  };

  for (const [clause, what] of SEMANTIC_CLAUSES) {
    clauseTest(clause, what, ({ task }) => {
      requireAllSpans(clause);
      reportFindings(task, clause, judged);
      expectNoFindings(findings, clause);
    });
  }

  clauseTest('tracing.exporter', 'spans arrive over OTLP/gRPC while the relay runs, not only when it stops', () => {
    requireAllSpans('tracing.exporter');
    const problems: Finding[] = [];
    for (const run of runs) {
      const transports = [...new Set(run.spans.map((s) => s.transport))].filter((t) => t !== 'grpc');
      if (transports.length > 0) {
        problems.push(
          finding(
            'tracing.exporter',
            `${run.label} exported spans over ${transports.join(', ')}; the contract's exporter is OTLP over gRPC`,
          ),
        );
      }
      const wanted = expectedSpanCount(run.transcript.frames);
      if (!run.completeWhileRunning && run.spans.length >= wanted) {
        problems.push(
          finding(
            'tracing.exporter',
            `${run.label}: the ${wanted} spans of scenario ${run.session.scenario} were complete only after its ` +
              `shutdown; a batch span processor exports on its schedule while the relay runs (the suite waits up to ` +
              `${SPAN_WAIT_MS / 1000} s)`,
          ),
        );
      }
    }
    expectNoFindings(problems, 'tracing.exporter');
  });

  for (const scenario of TRACES_SCENARIOS) {
    clauseTest(
      'spans.topology',
      `the ID-free span trees of scenario ${scenario} equal golden/traces/${scenario}.txt`,
      async ({ task }) => {
        const run = runs.find((r) => r.session.scenario === scenario);
        if (run === undefined) throw new Error(`scenario ${scenario} did not run`);
        requireSpans(run.spans, 'spans.topology', `${run.label}, scenario ${scenario}`);
        const rendered = renderScenarioTraces(run.spans, run.transcript.frames);
        const path = goldenPath('traces', scenario);
        if (goldenUpdateRequested()) {
          const broken = findings.filter((f) => f.message.endsWith(`(scenario ${scenario})`));
          if (broken.length > 0) {
            throw new Error(
              `${clauseTag('spans.topology')} not recording ${path}: these spans break the contract, and a golden ` +
                `records only a conforming relay's output:\n${broken.map((f) => f.message).join('\n')}`,
            );
          }
          console.log(formatSummaries([await updateGolden(path, scenario, rendered, goldenUpdateEnv())]));
        }
        const comparison = compareTracesGolden(await readGolden(path), scenario, rendered);
        // a header naming another scenario or contract is reported too: the comparison cannot be trusted then
        if (comparison.findings.length > 0) {
          const at = { file: `golden/traces/${scenario}.txt`, line: comparison.line ?? 1 };
          const located = comparison.findings.map((f) => ({ ...f, at }));
          const evidence = await saveTracedEvidence(run, located, {
            [`${scenario}.txt`]: withHeader(scenario, rendered),
            'diff.txt': comparison.diff,
          });
          reportFindings(task, 'spans.topology', [{ findings: located, evidence }]);
          throw new Error([...comparison.findings.map((f) => f.message), comparison.diff].join('\n'));
        }
      },
    );
  }
});
