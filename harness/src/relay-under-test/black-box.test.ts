import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The suite judges relays it knows only through an adapter; an import from relay/ (even of a type) would let the
// reference relay's code decide what "compatible" means. This scan keeps harness/ a black-box tester.

const REPO = resolve(import.meta.dirname, '../../..');
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"]+)\1/g;

function importSpecifiers(source: string): string[] {
  return [...source.matchAll(SPECIFIER)].map((match) => match[2]!);
}

/** The specifiers of `file` that lead into `relayDir`. */
function relayImports(file: string, source: string, relayDir: string): string[] {
  return importSpecifiers(source).filter((specifier) => {
    if (!specifier.startsWith('.') && !specifier.startsWith('/') && !specifier.startsWith('file:')) return false;
    const target = resolve(dirname(file), specifier.replace(/^file:\/\//, ''));
    return target === relayDir || target.startsWith(relayDir + sep);
  });
}

async function typeScriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${sep}node_modules${sep}`));
}

describe('black box', () => {
  it('harness/ never imports anything from relay/ (not even types)', async () => {
    const relayDir = join(REPO, 'relay');
    const offenders: string[] = [];
    const files = await typeScriptFiles(join(REPO, 'harness'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const specifier of relayImports(file, await readFile(file, 'utf8'), relayDir)) {
        offenders.push(`${relative(REPO, file)} imports '${specifier}'`);
      }
    }
    expect(offenders, 'harness/ must reach relays only through an adapter').toEqual([]);
  });

  it('the scan catches every import form that leads into relay/', async () => {
    const file = '/repo/harness/src/metrics/x.ts';
    // kept in a .txt file so that the scan of harness/ above does not find these lines
    const source = await readFile(join(import.meta.dirname, 'test-support/imports-into-relay.txt'), 'utf8');
    expect(relayImports(file, source, '/repo/relay')).toEqual([
      '../../../relay/src/metrics/render.ts',
      '../../../relay/src/config.ts',
      '/repo/relay/src/main.ts',
      '../../../relay/src/ws/conn.ts',
      '../../../relay',
      '../../../relay/src/side-effect.ts',
    ]);
  });
});
