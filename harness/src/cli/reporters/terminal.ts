import { type ClauseResult, gatePasses, type RunContext } from '../clause-result.ts';
import { byAttention, tally } from './summary.ts';
import { firstLine, plural, stripAnsi, truncate } from './text.ts';

export interface TerminalOptions {
  readonly color: boolean;
  /** Terminal width; the reason column is cut to fit. */
  readonly width: number;
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

  const out: string[] = [
    `buzz-compat: relay ${context.adapter}, profile ${context.profile}, ${plural(results.length, 'clause')} in ${(context.durationMs / 1000).toFixed(1)} s`,
    '',
    paint('bold', line('CLAUSE', 'SECTION', 'REQUIRED', 'RESULT  ', 'REASON')),
  ];
  for (const row of rows) {
    const result =
      row.status === 'pass'
        ? paint('green', 'pass    ')
        : row.status === 'fail'
          ? paint(row.required ? 'red' : 'yellow', 'FAIL    ')
          : paint(row.required ? 'red' : 'dim', 'untested');
    const reason = row.reasons[0] === undefined ? '' : truncate(firstLine(row.reasons[0]), reasonWidth);
    out.push(line(row.id, row.section, row.required ? 'required' : 'optional', result, reason));
  }

  const failures = rows.filter((row) => row.status === 'fail');
  if (failures.length > 0) {
    out.push('', paint('bold', 'Failures:'));
    for (const row of failures) {
      out.push(
        `  ${paint(row.required ? 'red' : 'yellow', row.id)} (${row.section}, ${row.required ? 'required' : 'optional'}): ${row.title}`,
      );
      for (const reason of row.reasons) out.push(...indentReason(stripAnsi(reason)));
    }
  }
  if (context.runErrors.length > 0) {
    out.push('', paint('bold', 'Run errors (not tied to one clause):'));
    for (const error of context.runErrors) out.push(...indentReason(stripAnsi(error)));
  }

  const counts = tally(results);
  out.push(
    '',
    `required: ${counts.required.pass} pass, ${counts.required.fail} fail, ${counts.required.untested} untested · ` +
      `optional: ${counts.optional.pass} pass, ${counts.optional.fail} fail, ${counts.optional.untested} untested`,
  );
  const notPassing = counts.required.fail + counts.required.untested;
  out.push(
    gatePasses(results, context)
      ? paint('green', 'VERDICT: PASS: every required clause passes')
      : paint(
          'red',
          `VERDICT: FAIL: ${[
            notPassing > 0 ? `${plural(notPassing, 'required clause')} not passing` : '',
            context.runErrors.length > 0 ? plural(context.runErrors.length, 'run error') : '',
          ]
            .filter(Boolean)
            .join(', ')}`,
        ),
  );
  return `${out.join('\n')}\n`;
}

function indentReason(reason: string): string[] {
  const lines = reason.split('\n');
  const shown = lines.slice(0, MAX_REASON_LINES).map((text, index) => `    ${index === 0 ? '- ' : '  '}${text}`);
  if (lines.length > MAX_REASON_LINES)
    shown.push(`      … ${lines.length - MAX_REASON_LINES} more lines (see the JSON or JUnit report)`);
  return shown;
}
