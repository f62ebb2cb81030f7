import { type ClauseResult, gatePasses, type RunContext } from '../clause-result.ts';
import { byAttention, tally } from './summary.ts';
import { firstLine, plural, truncate } from './text.ts';

// Sized for a pull-request comment (GitHub caps a comment at 65536 characters): reasons are cut to one short
// line, passing clauses fold away, and rows beyond the budget are summarised rather than printed.

const MAX_REASON = 280;
const BUDGET = 60_000;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function row(result: ClauseResult): string {
  const mark =
    result.status === 'pass'
      ? '✅ pass'
      : result.status === 'fail'
        ? result.required
          ? '❌ fail'
          : '⚠️ fail'
        : '➖ untested';
  const reason = result.reasons[0] === undefined ? '' : cell(truncate(firstLine(result.reasons[0]), MAX_REASON));
  const more = result.reasons.length > 1 ? ` (+${result.reasons.length - 1} more)` : '';
  return `| \`${result.id}\` | ${result.section} | ${result.required ? 'required' : 'optional'} | ${mark} | ${reason}${more} |`;
}

const HEADER = ['| Clause | Section | Kind | Result | Reason |', '|---|---|---|---|---|'];

export function renderMarkdown(results: readonly ClauseResult[], context: RunContext): string {
  const counts = tally(results);
  const passed = gatePasses(results, context);
  const notPassing = counts.required.fail + counts.required.untested;
  const headline = passed
    ? `### buzz-compat ✅ relay \`${context.adapter}\` passes every required clause`
    : `### buzz-compat ❌ relay \`${context.adapter}\`: ${[
        notPassing > 0 ? `${plural(notPassing, 'required clause')} not passing` : '',
        context.runErrors.length > 0 ? plural(context.runErrors.length, 'run error') : '',
      ]
        .filter(Boolean)
        .join(', ')}`;
  const out = [
    headline,
    '',
    `Profile \`${context.profile}\` · ${plural(results.length, 'clause')} in ${(context.durationMs / 1000).toFixed(0)} s · ` +
      `required: ${counts.required.pass} pass, ${counts.required.fail} fail, ${counts.required.untested} untested · ` +
      `optional: ${counts.optional.pass} pass, ${counts.optional.fail} fail, ${counts.optional.untested} untested`,
  ];
  if (context.runErrors.length > 0) {
    out.push('', '**Run errors** (not tied to one clause):', '');
    for (const error of context.runErrors.slice(0, 10)) out.push(`- ${cell(truncate(firstLine(error), MAX_REASON))}`);
    if (context.runErrors.length > 10) out.push(`- … and ${context.runErrors.length - 10} more`);
  }

  const ordered = byAttention(results);
  const attention = ordered.filter((result) => result.status !== 'pass');
  const passing = ordered.filter((result) => result.status === 'pass');
  let used = out.join('\n').length;
  const fitRows = (rows: readonly ClauseResult[]): string[] => {
    const lines: string[] = [];
    for (const [index, result] of rows.entries()) {
      const line = row(result);
      if (used + line.length + 200 > BUDGET) {
        lines.push(
          `| … | | | | ${rows.length - index} more rows left out to fit a comment; see the JUnit or JSON report |`,
        );
        break;
      }
      used += line.length + 1;
      lines.push(line);
    }
    return lines;
  };
  if (attention.length > 0) out.push('', ...HEADER, ...fitRows(attention));
  if (passing.length > 0) {
    out.push(
      '',
      `<details><summary>${plural(passing.length, 'passing clause')}</summary>`,
      '',
      ...HEADER,
      ...fitRows(passing),
      '',
      '</details>',
    );
  }
  out.push('', '<sub>Contract: CONTRACT.md (v1) · how to read this: docs/check-your-relay.md</sub>', '');
  return out.join('\n');
}
