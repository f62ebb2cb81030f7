import type { Clause } from '../clauses/catalogue.ts';

/** `buzz-compat list`: the catalogue as a table for people, or one JSON object per line for scripts. */
export function renderClauseList(clauses: readonly Clause[], json: boolean): string {
  if (json) {
    return clauses
      .map((clause) =>
        JSON.stringify({
          id: clause.id,
          section: clause.section,
          required: clause.required,
          profile: clause.profile ?? 'all',
          title: clause.title,
        }),
      )
      .map((line) => `${line}\n`)
      .join('');
  }
  const rows = clauses.map((clause) => [
    clause.id,
    clause.section,
    clause.required ? 'required' : 'optional',
    clause.profile ?? 'all',
    clause.title,
  ]);
  const header = ['CLAUSE', 'SECTION', 'KIND', 'PROFILE', 'TITLE'];
  const widths = header
    .slice(0, -1)
    .map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((text, column) => (column < widths.length ? text.padEnd(widths[column]!) : text)).join('  ');
  return `${[header, ...rows].map(line).join('\n')}\n`;
}
