// The fake OTLP collector as a program: `node main.ts [--host H] [--grpc-port N] [--http-port N] [--query-port N]`.
// Prints one JSON line `{"event":"ready",...}` on stdout once every listener is bound; exit code 2 means it could
// not start (bad arguments or a port it cannot bind), with one line on stderr saying why.
import { parseArgs } from 'node:util';
import { ListenError } from './listen.ts';
import { startCollectorServers } from './servers.ts';

const USAGE = 'usage: collector [--host 127.0.0.1] [--grpc-port 4317] [--http-port 4318] [--query-port 4319]';

function fail(message: string, exitCode = 2): never {
  process.stderr.write(`${message}\n`);
  process.exit(exitCode);
}

function parsePort(flag: string, raw: string): number {
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) fail(`collector: --${flag} must be a port number 0-65535, got "${raw}"`);
  return port;
}

function readOptions() {
  try {
    const { values } = parseArgs({
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        'grpc-port': { type: 'string', default: '4317' },
        'http-port': { type: 'string', default: '4318' },
        'query-port': { type: 'string', default: '4319' },
      },
      strict: true,
      allowPositionals: false,
    });
    return {
      host: values.host,
      grpcPort: parsePort('grpc-port', values['grpc-port']),
      httpPort: parsePort('http-port', values['http-port']),
      queryPort: parsePort('query-port', values['query-port']),
    };
  } catch (error) {
    return fail(`collector: ${(error as Error).message}\n${USAGE}`);
  }
}

const options = readOptions();
const servers = await startCollectorServers({
  ...options,
  onReject: (transport, message) => {
    process.stderr.write(`${JSON.stringify({ event: 'rejected', transport, error: message })}\n`);
  },
}).catch((error: unknown) => {
  if (error instanceof ListenError) fail(error.message);
  throw error;
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  servers.close().then(
    () => process.exit(0),
    (error: unknown) => fail(`collector: error while shutting down: ${(error as Error).message}`, 1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

const { grpcPort, httpPort, queryPort } = servers;
process.stdout.write(`${JSON.stringify({ event: 'ready', grpcPort, httpPort, queryPort })}\n`);
