import { Worker } from 'node:worker_threads';
import { setNostrWasm, verifyEvent } from 'nostr-tools/wasm';
import { initNostrWasm } from 'nostr-wasm';
import type { NostrEvent } from './event.ts';
import type { VerifyRequest, VerifyResponse } from './verify-worker.ts';

// Schnorr verification through libsecp256k1 compiled to wasm (nostr-tools/wasm + nostr-wasm), several times
// faster than the pure-JS verifier. It is still most of the CPU an EVENT costs, so by default it runs on worker
// threads: events that arrive in one turn of the event loop go to a worker as one message, and the main thread
// stays free for parsing, storing and fan-out. With 0 threads it runs inline.

/** True when the id is the sha256 of the event's serialisation and the signature is the pubkey's over it. */
export interface Verifier {
  /** The hex format of id, pubkey and sig must already be checked (eventFormatProblem). */
  verify(event: NostrEvent): Promise<boolean>;
  close(): Promise<void>;
}

let inlineReady: Promise<void> | undefined;

async function inlineVerifier(): Promise<Verifier> {
  // nostr-tools/wasm keeps its instance in module state: created once per process, shared by every relay in it.
  inlineReady ??= initNostrWasm().then(setNostrWasm);
  await inlineReady;
  return { verify: (event) => Promise.resolve(verifyEvent(event)), close: () => Promise.resolve() };
}

interface Pending {
  readonly resolve: (valid: boolean) => void;
  readonly reject: (error: Error) => void;
}

class VerifierThread {
  readonly worker: Worker;
  readonly #batches = new Map<number, Pending[]>();
  #queue: NostrEvent[] = [];
  #waiting: Pending[] = [];
  #nextBatch = 0;
  #scheduled = false;
  pending = 0;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (message: VerifyResponse) => this.#settle(message));
    worker.on('error', (error) => this.#failAll(error));
    worker.on('exit', (code) => this.#failAll(new Error(`signature verifier thread exited with code ${code}`)));
  }

  verify(event: NostrEvent): Promise<boolean> {
    this.pending++;
    return new Promise((resolve, reject) => {
      this.#queue.push(event);
      this.#waiting.push({ resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#send());
      }
    });
  }

  #send(): void {
    this.#scheduled = false;
    const batch = this.#nextBatch++;
    this.#batches.set(batch, this.#waiting);
    const request: VerifyRequest = { batch, events: this.#queue };
    this.#queue = [];
    this.#waiting = [];
    this.worker.postMessage(request);
  }

  #settle({ batch, results }: VerifyResponse): void {
    const waiting = this.#batches.get(batch);
    if (waiting === undefined) return;
    this.#batches.delete(batch);
    this.pending -= waiting.length;
    waiting.forEach((pending, i) => {
      pending.resolve(results[i] === 1);
    });
  }

  #failAll(error: Error): void {
    for (const waiting of [...this.#batches.values(), this.#waiting]) for (const p of waiting) p.reject(error);
    this.#batches.clear();
    this.#waiting = [];
    this.#queue = [];
  }
}

async function threadedVerifier(threads: number): Promise<Verifier> {
  const workers = await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = new Worker(new URL('./verify-worker.ts', import.meta.url));
      await new Promise<void>((resolve, reject) => {
        worker.once('message', () => resolve());
        worker.once('error', reject);
      });
      worker.unref();
      return new VerifierThread(worker);
    }),
  );
  return {
    verify(event) {
      let least = workers[0]!;
      for (const thread of workers) if (thread.pending < least.pending) least = thread;
      return least.verify(event);
    },
    async close() {
      await Promise.all(workers.map((thread) => thread.worker.terminate()));
    },
  };
}

export function startVerifier(threads: number): Promise<Verifier> {
  return threads === 0 ? inlineVerifier() : threadedVerifier(threads);
}
