// The layout of a raw body (CONTRACT §2.1) that parsing ignores: each family is its lines followed by exactly
// one empty line, so a non-empty body ends with "\n\n"; an empty registry renders an empty body.

import { type Finding, finding } from '../clauses/finding.ts';

export function checkLayout(body: string): Finding[] {
  if (body === '') return [];
  const findings: Finding[] = [];
  if (!body.endsWith('\n\n') || body.endsWith('\n\n\n')) {
    findings.push(
      finding(
        'metrics.exposition',
        `the body ends with ${JSON.stringify(body.slice(-3))}; a non-empty body ends with exactly "\\n\\n"`,
      ),
    );
  }
  const lines = body.split('\n').slice(0, -1);
  lines.forEach((text, index) => {
    const line = index + 1;
    const previous = lines[index - 1];
    if (text === '' && (previous === undefined || previous === '')) {
      findings.push(
        finding('metrics.exposition', `line ${line} is an extra empty line; each family is followed by exactly one`),
      );
    }
    if (text.startsWith('# TYPE ') && previous !== undefined && previous !== '' && !previous.startsWith('# HELP ')) {
      findings.push(finding('metrics.exposition', `line ${line} starts a family without an empty line before it`));
    }
  });
  return findings;
}
