import { type ClauseResult, gatePasses, type RunContext, standingOf } from '../clause-result.ts';
import { byAttention, byStanding, tally, verdictParts } from './summary.ts';
import { firstLine, plural, truncate } from './text.ts';

// Sized for a pull-request comment (GitHub caps a comment at 65536 characters): reasons are cut to one short
// line, passing clauses fold away, and rows beyond the budget are summarised rather than printed.

const MAX_REASON = 280;
const BUDGET = 60_000;

function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}

function mark(result: ClauseResult): string {
  switch (standingOf(result)) {
    case 'pass':
      return '✅ pass';
    case 'fixed':
      return '🎉 fixed: remove from known failures';
    case 'expected-failure':
      return '➖ expected failure';
    default:
      return result.status === 'fail' ? (result.required ? '❌ fail' : '⚠️ fail') : '➖ untested';
  }
}

function row(result: ClauseResult): string {
  const first =
    result.expected !== null && result.status !== 'pass'
      ? `known failure: ${result.expected.reason}`
      : result.reasons[0];
  const reason = first === undefined ? '' : cell(truncate(firstLine(first), MAX_REASON));
  const more = result.reasons.length > 1 ? ` (+${result.reasons.length - 1} more)` : '';
  return `| \`${result.id}\` | ${result.section} | ${result.required ? 'required' : 'optional'} | ${mark(result)} | ${reason}${more} |`;
}

const HEADER = ['| Clause | Section | Kind | Result | Reason |', '|---|---|---|---|---|'];

export function renderMarkdown(results: readonly ClauseResult[], context: RunContext): string {
  const counts = tally(results);
  const expected = byStanding(results)['expected-failure'].length;
  const headline = gatePasses(results, context)
    ? `### buzz-compat ✅ relay \`${context.adapter}\` passes every required clause${expected > 0 ? `, apart from ${plural(expected, 'known failure')}` : ''}`
    : `### buzz-compat ❌ relay \`${context.adapter}\`: ${verdictParts(results, context.runErrors).join(', ')}`;
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
  const attention = ordered.filter((result) => standingOf(result) !== 'pass');
  const passing = ordered.filter((result) => standingOf(result) === 'pass');
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
  const { provenance } = context;
  out.push(
    '',
    `<sub>buzz-compat ${provenance.suiteVersion} · contract ${provenance.contractVersion} (docs/contract.md) · goldens checked against buzz ${provenance.goldens} · how to read this: docs/check-your-relay.md</sub>`,
    '',
  );
  return out.join('\n');
}
