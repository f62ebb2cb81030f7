// Rewriting goldens: only on request (BUZZ_COMPAT_UPDATE_GOLDENS=1) and never in CI (CI=true), so a CI run can
// only compare. Each call returns what it did, with the diff, for the caller to print; the write goes through
// a temporary file and a rename, so an interrupted update never leaves half a golden.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { withHeader } from './header.ts';
import { rawDiff } from './raw-diff.ts';

export type UpdateStatus = 'created' | 'changed' | 'unchanged' | 'not-written';

export interface UpdateSummary {
  readonly path: string;
  readonly status: UpdateStatus;
  /** Unified diff old → new body ('' when unchanged or created). */
  readonly diff: string;
  /** Why nothing was written, for 'not-written'. */
  readonly reason?: string;
}

export interface UpdateEnv {
  readonly BUZZ_COMPAT_UPDATE_GOLDENS?: string | undefined;
  readonly CI?: string | undefined;
}

export function updatesAllowed(env: UpdateEnv): { allowed: boolean; reason: string } {
  if (env.CI === 'true') return { allowed: false, reason: 'CI=true: goldens are never written in CI' };
  if (env.BUZZ_COMPAT_UPDATE_GOLDENS !== '1') {
    return {
      allowed: false,
      reason: 'BUZZ_COMPAT_UPDATE_GOLDENS is not 1: run `npm run golden:update` to rewrite goldens',
    };
  }
  return { allowed: true, reason: '' };
}

/** Writes `body` under its header to `path` when updates are allowed and the content changed. */
export async function updateGolden(
  path: string,
  scenario: string,
  body: string,
  env: UpdateEnv,
): Promise<UpdateSummary> {
  const next = withHeader(scenario, body);
  const previous = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (previous === next) return { path, status: 'unchanged', diff: '' };
  const diff =
    previous === undefined
      ? ''
      : rawDiff(previous, next, { expectedLabel: `${path} (old)`, actualLabel: `${path} (new)` });
  const permission = updatesAllowed(env);
  if (!permission.allowed) return { path, status: 'not-written', diff, reason: permission.reason };
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, next, 'utf8');
  await rename(temporary, path);
  return { path, status: previous === undefined ? 'created' : 'changed', diff };
}

/** One line per golden, then the diffs of changed ones: what `npm run golden:update` prints. */
export function formatSummaries(summaries: readonly UpdateSummary[]): string {
  const lines = summaries.map(
    (s) => `${s.status.padEnd(11)} ${s.path}${s.reason === undefined ? '' : ` (${s.reason})`}`,
  );
  const diffs = summaries.filter((s) => s.diff !== '').map((s) => s.diff);
  return [...lines, ...diffs].join('\n');
}
