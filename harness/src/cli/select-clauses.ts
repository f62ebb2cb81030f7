import { type Clause, clausesFor, type Profile } from '../clauses/catalogue.ts';

export class SelectionError extends Error {
  override name = 'SelectionError';
}

/**
 * The clauses a run decides: those of the profile, narrowed by `--only` entries. An entry is a clause id, a
 * prefix ending in `.*` (`metrics.*`) or a contract section (`§3.2`). An entry that selects nothing is an error.
 */
export function selectClauses(profile: Profile, only: readonly string[]): Clause[] {
  const candidates = [...clausesFor(profile)];
  if (only.length === 0) return candidates;
  const chosen = new Set<Clause>();
  const unmatched: string[] = [];
  for (const entry of only) {
    const matches = candidates.filter((clause) => matchesEntry(clause, entry));
    if (matches.length === 0) unmatched.push(entry);
    for (const match of matches) chosen.add(match);
  }
  if (unmatched.length > 0) {
    const hints = unmatched.map((entry) => `  ${entry}${suggestion(entry, candidates)}`).join('\n');
    throw new SelectionError(
      `--only: no clause of profile ${profile} matches:\n${hints}\n` +
        'Give clause ids (metrics.buckets), prefixes (metrics.*) or sections (§2.1); `buzz-compat run --help` explains.',
    );
  }
  return candidates.filter((clause) => chosen.has(clause));
}

function matchesEntry(clause: Clause, entry: string): boolean {
  if (entry.startsWith('§')) return clause.section === entry || clause.section.startsWith(`${entry}.`);
  if (entry.endsWith('*')) return clause.id.startsWith(entry.slice(0, -1));
  return clause.id === entry;
}

function suggestion(entry: string, candidates: readonly Clause[]): string {
  const stem = entry.replace(/\*$/, '').split('.')[0] ?? '';
  const near = candidates.filter((clause) => stem !== '' && clause.id.startsWith(stem)).map((clause) => clause.id);
  return near.length === 0 ? '' : ` (did you mean ${near.slice(0, 5).join(', ')}${near.length > 5 ? ', …' : ''}?)`;
}
