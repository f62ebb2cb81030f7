// A stand-in relay for the launcher's own tests: it reports its environment, serves /_readiness on
// BUZZ_HEALTH_PORT, and behaves as FAKE_RELAY_MODE asks. It is not a relay: the suite never checks it.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const mode = process.env.FAKE_RELAY_MODE ?? 'normal';

console.log(`ENV ${JSON.stringify(process.env)}`);
console.log(`PID ${process.pid}`);
if (mode === 'with-child') {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log(`CHILD ${child.pid}`);
}
// as a relay does when the suite's port was taken meanwhile: the first start (no FAKE_RELAY_MARKER file yet) or
// every start fails to bind, printing Rust's std::io::Error text for EADDRINUSE
const marker = process.env.FAKE_RELAY_MARKER;
if (mode === 'bind-fails-always' || (mode === 'bind-fails-once' && marker !== undefined && !existsSync(marker))) {
  if (marker !== undefined) writeFileSync(marker, String(process.env.BUZZ_HEALTH_PORT));
  console.error('Error: Address already in use (os error 98)');
  process.exit(1);
}
if (mode === 'ignore-sigterm') process.on('SIGTERM', () => console.log('ignoring SIGTERM'));
else {
  process.on('SIGTERM', () => {
    console.log('draining');
    process.exit(0);
  });
}

if (mode !== 'never-ready') {
  createServer((request, response) => {
    response.writeHead(request.url === '/_readiness' ? 200 : 404).end();
  }).listen(Number(process.env.BUZZ_HEALTH_PORT), '127.0.0.1', () => console.log('ready'));
} else {
  setInterval(() => {}, 1000);
}
