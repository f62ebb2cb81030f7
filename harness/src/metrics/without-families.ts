// Drops whole families from an exposition text, keeping every other byte where it was, so the raw-order checks
// still see the body as the relay wrote it. A family is its `# TYPE` line, its samples and the empty line after.

export function withoutFamilies(body: string, names: readonly string[]): string {
  if (names.length === 0) return body;
  const dropped = new Set(names);
  const lines = body.split('\n');
  const kept: string[] = [];
  let skipping = false;
  for (const line of lines) {
    const type = /^# TYPE (\S+) /.exec(line);
    if (type !== null) skipping = dropped.has(type[1] ?? '');
    if (!skipping) kept.push(line);
    else if (line === '') skipping = false;
  }
  return kept.join('\n');
}
