import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClauseResult, RunContext } from '../clause-result.ts';
import type { ReportFormat } from '../parse-args.ts';
import { renderJsonLines } from './json-lines.ts';
import { renderJunit } from './junit.ts';
import { renderMarkdown } from './markdown.ts';

export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  junit: 'buzz-compat.junit.xml',
  json: 'buzz-compat.jsonl',
  md: 'buzz-compat.md',
};

/** Writes each requested report into `outDir` and returns the paths written. */
export async function writeReports(
  formats: readonly ReportFormat[],
  outDir: string,
  results: readonly ClauseResult[],
  context: RunContext,
): Promise<string[]> {
  if (formats.length === 0) return [];
  await mkdir(outDir, { recursive: true });
  const render: Record<ReportFormat, () => string> = {
    junit: () => renderJunit(results, context),
    json: () => renderJsonLines(results),
    md: () => renderMarkdown(results, context),
  };
  const written: string[] = [];
  for (const format of formats) {
    const path = join(outDir, REPORT_FILES[format]);
    await writeFile(path, render[format]());
    written.push(path);
  }
  return written;
}
