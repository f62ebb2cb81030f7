import { getPublicKey } from 'nostr-tools/pure';
import WebSocket from 'ws';
import { signEvent } from './signer.ts';

// A raw `ws` client that has passed NIP-42: the relay sends ["AUTH", challenge] on connect and accepts nothing
// else before a signed kind-22242 answer. Raw ws rather than nostr-tools' Relay, so the generator adds no
// bookkeeping of its own to what is measured.

export interface BenchClient {
  readonly ws: WebSocket;
  readonly pubkey: string;
  /** Replaces the frame handler; frames arrive as text, unparsed, so a handler can timestamp before parsing. */
  onFrame(handler: (text: string) => void): void;
  close(): Promise<void>;
}

const STEP_TIMEOUT_MS = 10_000;

export async function connectAuthenticated(url: string, relayUrl: string, secretKey: Uint8Array): Promise<BenchClient> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const pending: string[] = [];
  let handler: (text: string) => void = (text) => pending.push(text);
  ws.on('message', (data: Buffer) => handler(data.toString('utf8')));
  const next = (what: string) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${url}: no ${what} within ${STEP_TIMEOUT_MS} ms`));
      }, STEP_TIMEOUT_MS);
      const onClose = (code: number, reason: Buffer) => {
        cleanup();
        reject(new Error(`${url}: closed (${code} ${reason.toString()}) while waiting for ${what}`));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(new Error(`${url}: ${error.message} while waiting for ${what}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        ws.off('close', onClose);
        ws.off('error', onError);
        handler = (text) => pending.push(text);
      };
      const queued = pending.shift();
      if (queued !== undefined) {
        clearTimeout(timer);
        resolve(queued);
        return;
      }
      ws.once('close', onClose);
      ws.once('error', onError);
      handler = (text) => {
        cleanup();
        resolve(text);
      };
    });

  const challengeFrame = await next('["AUTH", challenge] frame');
  const challenge = parseChallenge(challengeFrame);
  if (challenge === undefined) throw new Error(`${url}: expected ["AUTH", challenge] first, got ${challengeFrame}`);
  const auth = await signEvent(
    {
      kind: 22242,
      created_at: Math.floor(Date.now() / 1000),
      tags: [
        ['relay', relayUrl],
        ['challenge', challenge],
      ],
      content: '',
    },
    secretKey,
  );
  ws.send(JSON.stringify(['AUTH', auth]));
  const reply = await next('OK for AUTH');
  const ok = JSON.parse(reply) as unknown[];
  if (ok[0] !== 'OK' || ok[1] !== auth.id || ok[2] !== true) {
    throw new Error(`${url}: AUTH was refused (relay URL ${relayUrl}): ${reply}`);
  }
  ws.on('error', () => {});
  return {
    ws,
    pubkey: getPublicKey(secretKey),
    onFrame(frameHandler) {
      handler = frameHandler;
      for (const text of pending.splice(0)) frameHandler(text);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(() => ws.terminate(), 2000).unref();
      }),
  };
}

function parseChallenge(text: string): string | undefined {
  try {
    const frame = JSON.parse(text) as unknown[];
    return frame[0] === 'AUTH' && typeof frame[1] === 'string' ? frame[1] : undefined;
  } catch {
    return undefined;
  }
}
