import type { EventTemplate, VerifiedEvent } from 'nostr-tools/core';
import { finalizeEvent, setNostrWasm } from 'nostr-tools/wasm';
import { initNostrWasm } from 'nostr-wasm';

// nostr-tools' finalizeEvent on the wasm backend (libsecp256k1): the pure-JS one costs ~5 ms per signature here.

let ready: Promise<void> | undefined;

export async function signEvent(template: EventTemplate, secretKey: Uint8Array): Promise<VerifiedEvent> {
  ready ??= initNostrWasm().then(setNostrWasm);
  await ready;
  return finalizeEvent(template, secretKey);
}
