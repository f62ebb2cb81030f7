#!/usr/bin/env node
// The one entry point of both forms of buzz-compat. In a checkout the TypeScript sources run as they are (Node
// strips their types); installed as a package, where Node strips no types under node_modules and the sources are
// not shipped, the compiled copy in dist/ runs (package/build.ts).
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`buzz-compat: needs Node 22.12 or later; this is Node ${process.versions.node}\n`);
  process.exit(2);
}
const source = new URL('../harness/bin/buzz-compat.ts', import.meta.url);
if (existsSync(source) && !process.features.typescript) {
  process.stderr.write(
    `buzz-compat: this checkout runs from TypeScript, which Node ${process.versions.node} cannot strip; run it through npm (npx buzz-compat, npm run compat), which uses the Node 24 the repository pins, or use Node 22.18 or later\n`,
  );
  process.exit(2);
}
await import(existsSync(source) ? source : new URL('../dist/harness/bin/buzz-compat.js', import.meta.url));
