import { parentPort } from 'node:worker_threads';
import { hexToBytes } from 'nostr-tools/utils';
import { finalizeEvent, setNostrWasm } from 'nostr-tools/wasm';
import { initNostrWasm } from 'nostr-wasm';
import type { SignedBatch, SignJob } from './presign.ts';

// Signing is the slow part of building a load (about 0.5 ms per event here even with the wasm backend), so it runs
// on every core before the clock starts; the pure-JS signer would be ten times slower still.

setNostrWasm(await initNostrWasm());

parentPort!.on('message', (job: SignJob) => {
  const secretKey = hexToBytes(job.secretKeyHex);
  const ids: string[] = [];
  const frames: string[] = [];
  for (let index = job.from; index < job.to; index++) {
    const event = finalizeEvent(
      { kind: job.kind, created_at: job.createdAt, tags: job.tags, content: `${job.contentPrefix} #${index}` },
      secretKey,
    );
    ids.push(event.id);
    frames.push(JSON.stringify(['EVENT', event]));
  }
  const batch: SignedBatch = { jobId: job.jobId, ids, frames };
  parentPort!.postMessage(batch);
});
