import { type ClauseResult, type RunContext, standingOf } from '../clause-result.ts';
import { firstLine, stripAnsi, truncate } from './text.ts';

// One <testsuite> per contract section, one <testcase> per clause. Whatever fails the gate is a <failure>: a
// required clause that fails or is untested, a known failure that now passes. An optional clause that does not pass,
// and an expected failure, is <skipped> with the reason, so the JUnit counts agree with the exit code. Run errors
// get their own suite with an <error>.

/** XML 1.0 forbids most C0 controls, U+FFFE/U+FFFF and lone surrogates even as character references. */
function xmlChars(text: string): string {
  let out = '';
  for (const char of text.toWellFormed()) {
    const code = char.codePointAt(0)!;
    const allowed =
      code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code !== 0xfffe && code !== 0xffff);
    out += allowed ? char : '\uFFFD';
  }
  return out;
}

function xml(text: string): string {
  return xmlChars(stripAnsi(text))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

export function renderJunit(results: readonly ClauseResult[], context: RunContext): string {
  const sections = [...new Set(results.map((result) => result.section))];
  const suites = sections.map((section) =>
    renderSuite(
      section,
      results.filter((result) => result.section === section),
      context,
    ),
  );
  if (context.runErrors.length > 0) suites.push(renderRunErrors(context.runErrors));
  const failures = results.filter(failsGate).length;
  const skipped = results.filter(isSkipped).length;
  const errors = context.runErrors.length > 0 ? 1 : 0;
  const tests = results.length + errors;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="buzz-compat" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(context.durationMs)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

function failsGate(result: ClauseResult): boolean {
  const standing = standingOf(result);
  return standing === 'blocking' || standing === 'fixed';
}

function isSkipped(result: ClauseResult): boolean {
  const standing = standingOf(result);
  return standing === 'advisory' || standing === 'expected-failure';
}

function renderSuite(section: string, results: readonly ClauseResult[], context: RunContext): string {
  const time = results.reduce((sum, result) => sum + testTime(result), 0);
  const failures = results.filter(failsGate).length;
  const skipped = results.filter(isSkipped).length;
  return [
    `  <testsuite name="${xml(`buzz-compat ${section}`)}" tests="${results.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}">`,
    '    <properties>',
    `      <property name="adapter" value="${xml(context.adapter)}"/>`,
    `      <property name="profile" value="${xml(context.profile)}"/>`,
    `      <property name="suite-version" value="${xml(context.provenance.suiteVersion)}"/>`,
    `      <property name="contract-version" value="${xml(context.provenance.contractVersion)}"/>`,
    `      <property name="goldens" value="${xml(context.provenance.goldens)}"/>`,
    ...(context.provenance.baseline === null
      ? []
      : [`      <property name="known-failures" value="${xml(context.provenance.baseline)}"/>`]),
    '    </properties>',
    ...results.map(renderCase),
    '  </testsuite>',
  ].join('\n');
}

function testTime(result: ClauseResult): number {
  return result.tests.reduce((sum, test) => sum + test.durationMs, 0);
}

function renderCase(result: ClauseResult): string {
  const open = `    <testcase classname="${xml(`buzz-compat.${result.section}`)}" name="${xml(`[${result.id}] ${result.title}`)}" time="${seconds(testTime(result))}"`;
  const reasons = result.reasons.join('\n\n');
  const summary = xml(truncate(firstLine(result.reasons[0] ?? ''), 500));
  const failure = (message: string, type: string, body: string) =>
    `${open}>\n      <failure message="${message}" type="${type}">${xml(body)}</failure>\n    </testcase>`;
  const skipped = (message: string) =>
    `${open}>\n      <skipped message="${message}"/>\n      <system-out>${xml(reasons)}</system-out>\n    </testcase>`;
  switch (standingOf(result)) {
    case 'pass':
      return `${open}/>`;
    case 'fixed': {
      const where = `line ${result.expected!.line} of ${result.expected!.file}`;
      return failure(xml(`listed as a known failure but passes: remove ${where}`), 'known failure fixed', where);
    }
    case 'expected-failure':
      return skipped(xml(truncate(`expected failure: ${result.expected!.reason}`, 500)));
    case 'blocking':
      return result.status === 'fail'
        ? failure(summary, 'required clause failed', reasons)
        : failure(`untested: ${summary}`, 'required clause untested', reasons);
    case 'advisory':
      return skipped(result.status === 'fail' ? `optional clause failed: ${summary}` : `untested: ${summary}`);
  }
}

function renderRunErrors(errors: readonly string[]): string {
  return [
    '  <testsuite name="buzz-compat run" tests="1" failures="0" errors="1" skipped="0" time="0.000">',
    '    <testcase classname="buzz-compat.run" name="the suite ran without errors outside the clauses" time="0.000">',
    `      <error message="${xml(truncate(firstLine(errors[0] ?? ''), 500))}" type="run error">${xml(errors.join('\n\n'))}</error>`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n');
}
