import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// An installed buzz-compat gets only its dependencies, not the devDependencies or whatever npm happened to hoist in
// this checkout: every package the shipped code imports must be named in "dependencies".

const ROOT = join(import.meta.dirname, '..');
const SHIPPED = ['harness', 'relay/src', 'bin'];
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;

function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

function isShippedCode(path: string): boolean {
  return /\.(ts|js)$/.test(path) && !/\.test\.ts$/.test(path) && !path.includes('test-support');
}

describe('package dependencies', () => {
  it('every package the shipped code imports is a dependency, not a devDependency', async () => {
    const { dependencies } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    const missing: string[] = [];
    for (const dir of SHIPPED) {
      for (const entry of await readdir(join(ROOT, dir), { withFileTypes: true, recursive: true })) {
        const path = join(entry.parentPath, entry.name);
        if (!entry.isFile() || !isShippedCode(path)) continue;
        for (const match of (await readFile(path, 'utf8')).matchAll(IMPORT)) {
          const name = packageOf(match[2]!);
          if (name !== null && !(name in dependencies)) missing.push(`${relative(ROOT, path)} imports ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
