import { parentPort } from 'node:worker_threads';
import { initNostrWasm } from 'nostr-wasm';
import type { NostrEvent } from './event.ts';

// Verifies batches of events off the main thread: Schnorr verification is most of an EVENT's CPU cost.

export interface VerifyRequest {
  readonly batch: number;
  readonly events: readonly NostrEvent[];
}

export interface VerifyResponse {
  readonly batch: number;
  /** 1 = valid, 0 = invalid, per event in order. */
  readonly results: Uint8Array;
}

const nostr = await initNostrWasm();
const port = parentPort!;
port.on('message', ({ batch, events }: VerifyRequest) => {
  const results = new Uint8Array(events.length);
  events.forEach((event, i) => {
    try {
      nostr.verifyEvent(event);
      results[i] = 1;
    } catch {
      results[i] = 0;
    }
  });
  port.postMessage({ batch, results } satisfies VerifyResponse, [results.buffer]);
});
port.postMessage('ready');
