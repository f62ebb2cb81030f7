import { relative } from 'node:path';
import { type ClauseResult, gatePasses, type RunContext, standingOf } from '../clause-result.ts';
import { byAttention, byStanding, tally, verdictParts } from './summary.ts';
import { firstLine, plural, stripAnsi, truncate } from './text.ts';

export interface TerminalOptions {
  readonly color: boolean;
  /** Terminal width; the reason column is cut to fit. */
  readonly width: number;
  /** Evidence paths are shown relative to it. */
  readonly cwd: string;
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;
const MAX_REASON_LINES = 12;

/** The table printed at the end of a run: one row per clause, then each failure's full reason, then the verdict. */
export function renderTerminal(
  results: readonly ClauseResult[],
  context: RunContext,
  options: TerminalOptions,
): string {
  const paint = (code: keyof typeof CODES, text: string) =>
    options.color ? `\u001b[${CODES[code]}m${text}\u001b[0m` : text;
  const rows = byAttention(results);
  const idWidth = Math.max(6, ...rows.map((row) => row.id.length));
  const sectionWidth = Math.max(7, ...rows.map((row) => row.section.length));
  const fixed = 2 + idWidth + 2 + sectionWidth + 2 + 8 + 2 + 8 + 2;
  const reasonWidth = Math.max(20, options.width - fixed);
  const line = (id: string, section: string, kind: string, result: string, reason: string) =>
    `  ${id.padEnd(idWidth)}  ${section.padEnd(sectionWidth)}  ${kind.padEnd(8)}  ${result}  ${reason}`.trimEnd();

  const { provenance } = context;
  const out: string[] = [
    `buzz-compat: relay ${context.adapter}, profile ${context.profile}, ${plural(results.length, 'clause')} in ${(context.durationMs / 1000).toFixed(1)} s`,
    `  (buzz-compat ${provenance.suiteVersion}, contract ${provenance.contractVersion}, goldens checked against buzz ${provenance.goldens}${provenance.baseline === null ? '' : `, known failures from ${provenance.baseline}`})`,
    '',
    paint('bold', line('CLAUSE', 'SECTION', 'REQUIRED', 'RESULT  ', 'REASON')),
  ];
  for (const row of rows) {
    const reason = truncate(firstLine(rowReason(row)), reasonWidth);
    out.push(line(row.id, row.section, row.required ? 'required' : 'optional', resultCell(row, paint), reason));
  }

  const groups = byStanding(rows);
  if (groups.fixed.length > 0) {
    out.push('', paint('bold', 'Known failures that now pass (the run fails until they leave the list):'));
    for (const row of groups.fixed) {
      out.push(`  ${paint('red', row.id)}: remove line ${row.expected!.line} of ${row.expected!.file}`);
    }
  }
  const failures = rows.filter((row) => row.status === 'fail' && standingOf(row) !== 'expected-failure');
  if (failures.length > 0) {
    out.push('', paint('bold', 'Failures:'));
    for (const row of failures) {
      out.push(
        `  ${paint(row.required ? 'red' : 'yellow', row.id)} (${row.section}, ${row.required ? 'required' : 'optional'}): ${row.title}`,
      );
      for (const reason of row.reasons) out.push(...indentReason(stripAnsi(reason)));
      for (const path of row.evidence) out.push(`    evidence: ${shown(options.cwd, path)}`);
    }
  }
  if (context.runErrors.length > 0) {
    out.push('', paint('bold', 'Run errors (not tied to one clause):'));
    for (const error of context.runErrors) out.push(...indentReason(stripAnsi(error)));
  }

  const counts = tally(results);
  const expected = groups['expected-failure'].length;
  out.push(
    '',
    `required: ${counts.required.pass} pass, ${counts.required.fail} fail, ${counts.required.untested} untested · ` +
      `optional: ${counts.optional.pass} pass, ${counts.optional.fail} fail, ${counts.optional.untested} untested` +
      (provenance.baseline === null ? '' : ` · ${plural(expected, 'expected failure')}, ${groups.fixed.length} fixed`),
  );
  out.push(
    gatePasses(results, context)
      ? paint(
          'green',
          expected === 0
            ? 'VERDICT: PASS: every required clause passes'
            : `VERDICT: PASS: every required clause passes, apart from ${plural(expected, 'known failure')}`,
        )
      : paint('red', `VERDICT: FAIL: ${verdictParts(results, context.runErrors).join(', ')}`),
  );
  return `${out.join('\n')}\n`;
}

type Paint = (code: keyof typeof CODES, text: string) => string;

function resultCell(row: ClauseResult, paint: Paint): string {
  switch (standingOf(row)) {
    case 'pass':
      return paint('green', 'pass    ');
    case 'fixed':
      return paint('red', 'FIXED   ');
    case 'expected-failure':
      return paint('dim', 'expected');
    default:
      return row.status === 'fail'
        ? paint(row.required ? 'red' : 'yellow', 'FAIL    ')
        : paint(row.required ? 'red' : 'dim', 'untested');
  }
}

/** The reason column: a listed clause shows why it is listed, a fixed one what to do. */
function rowReason(row: ClauseResult): string {
  if (row.expected !== null) {
    return row.status === 'pass'
      ? `passes now: remove it from the known-failures file (line ${row.expected.line})`
      : `known failure: ${row.expected.reason}`;
  }
  return row.reasons[0] ?? '';
}

function shown(cwd: string, path: string): string {
  const short = relative(cwd, path);
  return short === '' || short.startsWith('..') ? path : short;
}

function indentReason(reason: string): string[] {
  const lines = reason.split('\n');
  const shown = lines.slice(0, MAX_REASON_LINES).map((text, index) => `    ${index === 0 ? '- ' : '  '}${text}`);
  if (lines.length > MAX_REASON_LINES)
    shown.push(`      … ${lines.length - MAX_REASON_LINES} more lines (see the JSON or JUnit report)`);
  return shown;
}
