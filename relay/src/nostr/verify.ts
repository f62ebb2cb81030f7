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
  verify(event: NostrEvent): Promise<boolean>;
  close(): Promise<void>;
}

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

/**
 * nostr-wasm's verifyEvent compares only as many id bytes as the id has: an empty or shortened id passes its id
 * check, and the signature is then checked against the computed hash, so a signed event with a wrong id would be
 * accepted and stored under it (found by the fuzz test). Nothing reaches it that is not hex of the right length.
 */
function verifiable(event: NostrEvent): boolean {
  return HEX64.test(event.id) && HEX64.test(event.pubkey) && HEX128.test(event.sig);
}

function guarded(verifier: Verifier): Verifier {
  return {
    verify: (event) => (verifiable(event) ? verifier.verify(event) : Promise.resolve(false)),
    close: () => verifier.close(),
  };
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
  readonly #onFailure: (error: unknown) => void;
  #queue: NostrEvent[] = [];
  #waiting: Pending[] = [];
  #nextBatch = 0;
  #scheduled = false;
  pending = 0;
  alive = true;

  constructor(worker: Worker, onFailure: (error: unknown) => void, onExit: () => void) {
    this.worker = worker;
    this.#onFailure = onFailure;
    worker.on('message', (message: VerifyResponse) => this.#settle(message));
    worker.on('error', (error) => {
      this.#onFailure(error);
      this.#failAll(error);
    });
    worker.on('exit', (code) => {
      this.alive = false;
      this.#failAll(new Error(`signature verifier thread exited with code ${code}`));
      onExit();
    });
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

  /** Runs from setImmediate, where nothing would catch a throw: a batch that cannot be sent fails on its own. */
  #send(): void {
    this.#scheduled = false;
    const batch = this.#nextBatch++;
    const waiting = this.#waiting;
    const request: VerifyRequest = { batch, events: this.#queue };
    this.#queue = [];
    this.#waiting = [];
    try {
      this.worker.postMessage(request);
    } catch (error) {
      this.#onFailure(error);
      this.#reject(waiting, new Error('the signature verifier could not take the event', { cause: error }));
      return;
    }
    this.#batches.set(batch, waiting);
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

  #reject(waiting: readonly Pending[], error: Error): void {
    this.pending -= waiting.length;
    for (const pending of waiting) pending.reject(error);
  }

  #failAll(error: Error): void {
    for (const waiting of this.#batches.values()) this.#reject(waiting, error);
    this.#reject(this.#waiting, error);
    this.#batches.clear();
    this.#waiting = [];
    this.#queue = [];
  }
}

async function spawnVerifierThread(onFailure: (error: unknown) => void, onExit: () => void): Promise<VerifierThread> {
  // verify-worker.ts beside this file in a checkout, verify-worker.js in the installed (compiled) package
  const worker = new Worker(
    new URL(`./verify-worker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url),
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  worker.unref();
  return new VerifierThread(worker, onFailure, onExit);
}

/** A thread that dies (its pending events fail) is replaced, so one bad moment does not halve the verifiers. */
async function threadedVerifier(threads: number, onFailure: (error: unknown) => void): Promise<Verifier> {
  const workers: VerifierThread[] = [];
  let closing = false;
  const start = async (slot: number): Promise<void> => {
    workers[slot] = await spawnVerifierThread(onFailure, () => {
      if (closing) return;
      start(slot).catch((error: unknown) => onFailure(error));
    });
  };
  await Promise.all(Array.from({ length: threads }, (_, slot) => start(slot)));
  return {
    verify(event) {
      let least: VerifierThread | undefined;
      for (const thread of workers) {
        if (thread.alive && (least === undefined || thread.pending < least.pending)) least = thread;
      }
      if (least === undefined) return Promise.reject(new Error('no signature verifier thread is running'));
      return least.verify(event);
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((thread) => thread.worker.terminate()));
    },
  };
}

/** `onFailure` hears of every failure that no caller awaits (a batch that could not be sent, a thread's error). */
export async function startVerifier(threads: number, onFailure: (error: unknown) => void): Promise<Verifier> {
  return guarded(threads === 0 ? await inlineVerifier() : await threadedVerifier(threads, onFailure));
}
