// A test decides a clause when its title starts with the clause id in brackets: `[metrics.buckets] …`, with the
// section allowed after the id (`[metrics.buckets §2.2] …`, the form clauseTag() prints), several ids separated by
// commas inside one bracket, or several brackets in a row.

const LEADING_TAGS = /^(?:\s*\[[^\]]*\])+/;

export function clauseIdsOfTitle(title: string): string[] {
  const tags = LEADING_TAGS.exec(title)?.[0] ?? '';
  const ids: string[] = [];
  for (const [, inside = ''] of tags.matchAll(/\[([^\]]*)\]/g)) {
    for (const part of inside.split(',')) {
      const id = part.trim().split(/\s+/)[0] ?? '';
      if (/^[a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+$/.test(id)) ids.push(id);
    }
  }
  return ids;
}

/** A vitest testNamePattern that keeps exactly the tests tagged with one of `ids` (in any enclosing title). */
export function testNamePatternFor(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  return new RegExp(`\\[(?:[^\\]]*,\\s*)?(?:${escaped.join('|')})(?=[\\s,\\]])`);
}
