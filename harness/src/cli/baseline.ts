import { readFile } from 'node:fs/promises';
import type { Clause } from '../clauses/catalogue.ts';

// A known-failures file lets a relay adopt the gate before it passes everything, as the protobuf and Connect
// conformance runners allow: one clause id per line, then its reason, e.g.
//   tracing.ws-event-fields   ws.event declares event_id and kind but never records them (connection.rs)
// Blank lines and lines starting with # are comments. The run passes when exactly the listed clauses fail.

export interface ExpectedFailure {
  readonly id: string;
  readonly reason: string;
  /** 1-based line in the file, so a "fixed" clause can be pointed at. */
  readonly line: number;
}

export interface Baseline {
  readonly path: string;
  readonly entries: readonly ExpectedFailure[];
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Reads and checks a known-failures file against the catalogue; every problem is named with its line. */
export async function readBaseline(path: string, catalogue: readonly Clause[]): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new BaselineError(
      `--expect-fail ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give the path of a known-failures file (docs/check-your-relay.md)`,
    );
  }
  return parseBaseline(text, path, catalogue);
}

export function parseBaseline(text: string, path: string, catalogue: readonly Clause[]): Baseline {
  const known = new Set(catalogue.map((clause) => clause.id));
  const entries: ExpectedFailure[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.trim();
    if (content === '' || content.startsWith('#')) return;
    const match = /^(\S+)\s+(.*\S)$/.exec(content);
    const id = match?.[1] ?? content;
    if (match === null) problems.push(`line ${line}: "${id}" has no reason; write why it fails after the id`);
    else if (!known.has(id)) problems.push(`line ${line}: no clause "${id}" (buzz-compat list shows every id)`);
    else if (seen.has(id)) problems.push(`line ${line}: "${id}" is already listed on line ${seen.get(id)}`);
    else {
      seen.set(id, line);
      entries.push({ id, reason: match[2]!, line });
    }
  });
  if (problems.length > 0) {
    throw new BaselineError(`invalid known-failures file ${path}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { path, entries };
}
