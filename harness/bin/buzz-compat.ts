#!/usr/bin/env node
import { main } from '../src/cli/main.ts';

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// vitest and the service clients may keep handles open; the run is over, so end once the output is flushed
process.stdout.write('', () => process.exit(code));
