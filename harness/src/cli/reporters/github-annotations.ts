import { relative, resolve } from 'node:path';
import { type ClauseResult, type RunContext, standingOf } from '../clause-result.ts';
import { firstLine, stripAnsi } from './text.ts';

// Under GitHub Actions a failing clause becomes a workflow command, so the pull request shows it on the golden
// file and line it is about (docs.github.com, "Workflow commands": ::error file=…,line=…,title=…::message).
// A blocking clause is an error, an optional one that fails a warning, a listed clause that now passes an error on
// its line of the known-failures file. GitHub keeps only the first few annotations of a step, so each clause gives
// one per location rather than one per finding.

export interface AnnotationPaths {
  /** Where the suite's files are (finding locations are relative to it). */
  readonly suiteRoot: string;
  /** Where the workflow runs; annotation paths are relative to it. */
  readonly cwd: string;
}

export function renderAnnotations(
  results: readonly ClauseResult[],
  context: Pick<RunContext, 'runErrors'>,
  paths: AnnotationPaths,
): string {
  const lines: string[] = [];
  for (const result of results) {
    const standing = standingOf(result);
    if (standing === 'fixed') {
      lines.push(
        command('error', `buzz-compat ${result.id} passes now`, 'remove this clause from the known-failures file', {
          file: relative(paths.cwd, resolve(paths.cwd, result.expected!.file)),
          line: result.expected!.line,
        }),
      );
      continue;
    }
    if (result.status !== 'fail' && standing !== 'blocking') continue;
    const level = standing === 'blocking' ? 'error' : standing === 'advisory' ? 'warning' : null;
    if (level === null) continue;
    const title = `buzz-compat ${result.id} (${result.section}): ${result.title}`;
    const located = new Map<string, { file: string; line: number; messages: string[] }>();
    for (const f of result.findings) {
      if (f.at === undefined) continue;
      const key = `${f.at.file}:${f.at.line}`;
      const entry = located.get(key) ?? { file: f.at.file, line: f.at.line, messages: [] };
      entry.messages.push(stripAnsi(f.message));
      located.set(key, entry);
    }
    for (const { file, line, messages } of located.values()) {
      lines.push(
        command(level, title, messages.join('\n'), { file: relative(paths.cwd, resolve(paths.suiteRoot, file)), line }),
      );
    }
    if (located.size === 0) lines.push(command(level, title, firstLine(result.reasons[0] ?? result.status)));
  }
  for (const error of context.runErrors) lines.push(command('error', 'buzz-compat run error', stripAnsi(error)));
  return lines.map((line) => `${line}\n`).join('');
}

function command(
  level: 'error' | 'warning',
  title: string,
  message: string,
  where?: { readonly file: string; readonly line: number },
): string {
  const properties = [
    ...(where === undefined ? [] : [`file=${property(where.file)}`, `line=${where.line}`]),
    `title=${property(title)}`,
  ];
  return `::${level} ${properties.join(',')}::${data(message)}`;
}

function data(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function property(text: string): string {
  return data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
