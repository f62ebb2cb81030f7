// Parsed exposition → text. Lines are re-emitted from their verbatim parts, so rendering a parsed body
// changes only order and blank lines, never the bytes of a line.

import type { Exposition, Family, Sample } from './parse-exposition.ts';

export function renderSample(sample: Sample): string {
  return `${sample.head}${sample.value}${sample.tail}`;
}

/** Per family: HELP lines, the TYPE line, the samples, one empty line. Stray comments go first. */
export function renderExposition(exposition: Exposition): string {
  const out: string[] = exposition.comments.map((c) => c.text);
  for (const family of exposition.families) out.push(...renderFamily(family), '');
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

function renderFamily(family: Family): string[] {
  const lines = family.help.map((h) => h.text);
  if (family.typeLine !== undefined) lines.push(family.typeLine.text);
  for (const sample of family.samples) lines.push(renderSample(sample));
  return lines;
}
