// Reading a golden: an absent file is an error that says how to create it, never an empty expectation.

import { readFile } from 'node:fs/promises';
import { type GoldenHeader, splitGolden } from './header.ts';

export interface GoldenFile {
  readonly path: string;
  readonly header: GoldenHeader;
  /** The text after the header line: what the actual output is compared with. */
  readonly body: string;
}

export const UPDATE_HINT =
  'create or refresh it with `npm run golden:update` (BUZZ_COMPAT_UPDATE_GOLDENS=1; never in CI), review the change, and commit it';

export async function readGolden(path: string): Promise<GoldenFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`golden file ${path} does not exist: ${UPDATE_HINT}`);
    }
    throw new Error(`golden file ${path} cannot be read: ${(error as Error).message}`);
  }
  return { path, ...splitGolden(text, path) };
}
