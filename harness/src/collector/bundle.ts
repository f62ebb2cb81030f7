// Bundles the collector into one self-contained ESM file for the container image, which has no npm and no network.
// Run directly (`node harness/src/collector/bundle.ts`) it writes dist/collector.mjs and prints its path.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const COLLECTOR_DIR = dirname(fileURLToPath(import.meta.url));
export const BUNDLE_PATH = join(COLLECTOR_DIR, 'dist', 'collector.mjs');

// The bundled dependencies are CommonJS and call require() for Node built-ins, which an ES module lacks.
const REQUIRE_SHIM =
  "import { createRequire as __collectorCreateRequire } from 'node:module';\n" +
  'const require = __collectorCreateRequire(import.meta.url);';

/** Writes the bundle and returns its bytes (the container launcher hashes them to tag the image). */
export async function bundleCollector(): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [join(COLLECTOR_DIR, `main${extname(fileURLToPath(import.meta.url))}`)],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'esm',
    outfile: BUNDLE_PATH,
    write: false,
    banner: { js: REQUIRE_SHIM },
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output for the collector bundle');
  // Write then rename, so a concurrent reader (another test worker) never sees half a file.
  await mkdir(dirname(BUNDLE_PATH), { recursive: true });
  const partial = `${BUNDLE_PATH}.${randomUUID()}.partial`;
  await writeFile(partial, output.contents);
  await rename(partial, BUNDLE_PATH);
  return output.contents;
}

if (import.meta.main) {
  await bundleCollector();
  process.stdout.write(`${BUNDLE_PATH}\n`);
}
