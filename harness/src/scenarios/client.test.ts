import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { ScriptedClient } from './client.ts';

// A server that says what each test scripts and nothing else, so the client's waits can be driven to fail.
let server: WebSocketServer | undefined;

function serve(onConnection: (socket: WebSocket, headers: Record<string, unknown>) => void): Promise<string> {
  return new Promise((resolve) => {
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 }, () => {
      resolve(`ws://127.0.0.1:${(server!.address() as AddressInfo).port}`);
    });
    server.on('connection', (socket, req) => onConnection(socket, req.headers));
  });
}

afterEach(async () => {
  for (const client of server?.clients ?? []) client.terminate();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

const counter = () => {
  let n = 0;
  return () => ++n;
};

describe('ScriptedClient', () => {
  it('§4 a wait that gets no match fails after its bound and lists what did arrive', async () => {
    const url = await serve((socket) => socket.send('["NOTICE","hello"]'));
    const client = await ScriptedClient.connect('a', url, [], counter(), 2000);
    const failure = client.take('OK for note-1', (m) => m.frame?.[0] === 'OK', 200);
    await expect(failure).rejects.toThrow(
      'no OK for note-1: nothing matching arrived within 200 ms; received and not yet taken: #1 ["NOTICE","hello"]',
    );
    await client.disconnect(2000);
  });

  it('§4 a wait fails at once, naming the close, when the relay closes the connection', async () => {
    const url = await serve((socket) => setTimeout(() => socket.close(1008, 'auth-required: timed out'), 50));
    const client = await ScriptedClient.connect('a', url, [], counter(), 2000);
    const started = Date.now();
    await expect(client.take('EOSE', () => false, 10_000)).rejects.toThrow(
      /connection closed \(by the relay, code 1008 "auth-required: timed out"\)/,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(client.closed).toEqual({ code: 1008, reason: 'auth-required: timed out', byRelay: true });
  });

  it('§4 messages are numbered across clients; a wait takes the first match and leaves the rest in order', async () => {
    const url = await serve((socket) => {
      socket.send('["EVENT","s",{"id":"x"}]');
      socket.send('["OK","e1",true,""]');
      socket.send('not json');
    });
    const next = counter();
    const a = await ScriptedClient.connect('a', url, [], next, 2000);
    const ok = await a.take('OK', (m) => m.frame?.[0] === 'OK', 2000);
    await a.take('the text frame', (m) => m.text === 'not json', 2000);
    expect(ok.frame).toEqual(['OK', 'e1', true, '']);
    expect(a.untaken.map((m) => m.text)).toEqual(['["EVENT","s",{"id":"x"}]']);
    const b = await ScriptedClient.connect('b', url, [], next, 2000);
    await b.take('the text frame', (m) => m.text === 'not json', 2000);
    expect(a.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
    expect(b.messages.map((m) => m.seq)).toEqual([4, 5, 6]);
    await Promise.all([a.disconnect(2000), b.disconnect(2000)]);
  });

  it('§2.4 upgrade headers are sent in order, a repeated name as repeated lines', async () => {
    let seen: unknown;
    const url = await serve((_socket, headers) => {
      seen = headers['x-envoy-downstream-service-cluster'];
    });
    const client = await ScriptedClient.connect(
      'a',
      url,
      [
        ['x-envoy-downstream-service-cluster', 'first'],
        ['x-envoy-downstream-service-cluster', 'second'],
      ],
      counter(),
      2000,
    );
    expect(seen).toBe('first, second');
    await client.disconnect(2000);
  });

  it('§4 connecting to a port where nothing listens fails with the URL', async () => {
    const url = await serve(() => {});
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    await expect(ScriptedClient.connect('a', url, [], counter(), 2000)).rejects.toThrow(
      `cannot open a WebSocket to ${url}`,
    );
  });
});
