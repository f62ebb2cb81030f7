// `npm run build` (and `npm pack`, through prepack): the installable form of buzz-compat in dist/. Node does not strip
// types under node_modules, so the CLI, the harness, the suite and the reference relay ship as JavaScript; dist/ is a
// mirror of the repository's layout (code, golden/, fixtures/, adapters/), so every path the code computes from its
// own location holds in both.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');
const started = Date.now();
const step = (what: string) => console.log(`build: ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

await rm(DIST, { recursive: true, force: true });
execFileSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
step('compiled harness/ and relay/src/');

/** Data files beside the code (migrations, Dockerfiles, failure cases) go where the compiled code looks for them. */
async function copyAssets(from: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(join(ROOT, from), { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.endsWith('.ts')) continue;
    const source = join(entry.parentPath, entry.name);
    const path = relative(ROOT, source);
    if (path.includes(`${join('collector', 'dist')}`)) continue;
    await mkdir(dirname(join(DIST, path)), { recursive: true });
    await cp(source, join(DIST, path));
    count++;
  }
  return count;
}
const assets = (await copyAssets('harness')) + (await copyAssets('relay/src'));
for (const dir of ['golden', 'fixtures', 'schema']) await cp(join(ROOT, dir), join(DIST, dir), { recursive: true });
step(`copied ${assets} data files, golden/, fixtures/ and schema/`);

// The reference relay's adapters run it from source in a checkout; in the package they run the compiled relay.
await mkdir(join(DIST, 'adapters'));
for (const name of await readdir(join(ROOT, 'adapters'))) {
  if (!name.endsWith('.json')) continue;
  const adapter = JSON.parse(await readFile(join(ROOT, 'adapters', name), 'utf8'));
  if (Array.isArray(adapter.command)) {
    adapter.command = adapter.command.map((part: string) => part.replace(/^relay\/src\/(.*)\.ts$/, 'relay/src/$1.js'));
  }
  if (typeof adapter.description === 'string') {
    adapter.description = adapter.description.replace('run from source by Node >= 22', 'compiled, as installed');
  }
  await writeFile(join(DIST, 'adapters', name), `${JSON.stringify(adapter, null, 2)}\n`);
}

const { name, version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
await writeFile(
  join(DIST, 'package.json'),
  `${JSON.stringify({ name, version, type: 'module', private: true }, null, 2)}\n`,
);
step(`wrote dist/ for ${name} ${version}`);
