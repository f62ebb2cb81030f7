import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Builds a load before the clock starts: every EVENT frame is signed and serialised in advance, so during a run the
// generator only writes strings to sockets.

export interface SignJob {
  readonly jobId: number;
  readonly secretKeyHex: string;
  readonly kind: number;
  readonly createdAt: number;
  readonly tags: string[][];
  readonly contentPrefix: string;
  readonly from: number;
  readonly to: number;
}

export interface SignedBatch {
  readonly jobId: number;
  readonly ids: string[];
  readonly frames: string[];
}

/** Pre-signed events of one author, in order: ids[i] is the id inside frames[i] (`["EVENT",{…}]`). */
export interface SignedLoad {
  readonly ids: string[];
  readonly frames: string[];
}

export interface LoadSpec {
  readonly secretKeyHex: string;
  readonly count: number;
  readonly kind: number;
  /** Makes the contents (and so the ids) of this run unique, so no event is a duplicate of an earlier run's. */
  readonly contentPrefix: string;
  readonly tags?: string[][];
}

const CHUNK = 500;

/** Signs every spec's events on a pool of worker threads (one per core); resolves with one SignedLoad per spec. */
export async function presign(specs: readonly LoadSpec[]): Promise<SignedLoad[]> {
  const createdAt = Math.floor(Date.now() / 1000);
  const jobs: (SignJob & { spec: number })[] = [];
  specs.forEach((spec, specIndex) => {
    for (let from = 0; from < spec.count; from += CHUNK) {
      jobs.push({
        jobId: jobs.length,
        spec: specIndex,
        secretKeyHex: spec.secretKeyHex,
        kind: spec.kind,
        createdAt,
        tags: spec.tags ?? [],
        contentPrefix: spec.contentPrefix,
        from,
        to: Math.min(spec.count, from + CHUNK),
      });
    }
  });
  const batches: SignedBatch[] = new Array(jobs.length);
  const workerCount = Math.max(1, Math.min(availableParallelism(), jobs.length));
  let next = 0;
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(new URL('./sign-worker.ts', import.meta.url));
      const feed = () => {
        const job = jobs[next++];
        if (job === undefined) {
          worker.terminate().then(() => resolve(), reject);
          return;
        }
        worker.postMessage(job);
      };
      worker.on('message', (batch: SignedBatch) => {
        batches[batch.jobId] = batch;
        feed();
      });
      worker.on('error', reject);
      worker.on('online', feed);
    });
  await Promise.all(Array.from({ length: workerCount }, runWorker));

  const loads: SignedLoad[] = specs.map(() => ({ ids: [], frames: [] }));
  jobs.forEach((job, index) => {
    const batch = batches[index]!;
    const load = loads[job.spec]!;
    load.ids.push(...batch.ids);
    load.frames.push(...batch.frames);
  });
  return loads;
}
