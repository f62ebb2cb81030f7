import { startEchoRelay } from './echo-relay.ts';

// The echo relay as its own process, so it never shares an event loop with the generator it serves.
// Prints one JSON line {"event":"ready","port":N} once it listens; SIGTERM ends it.

const server = await startEchoRelay('127.0.0.1', Number(process.argv[2] ?? '0'));
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
process.stdout.write(`${JSON.stringify({ event: 'ready', port })}\n`);
process.once('SIGTERM', () => process.exit(0));
