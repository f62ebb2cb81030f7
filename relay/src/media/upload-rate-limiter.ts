import { performance } from 'node:perf_hooks';

// Per-pubkey uploads in a sliding minute: an upload is admitted when fewer than `perMinute` uploads by the same
// pubkey were admitted in the 60 seconds before it. Admitted, not completed: like buzz, an upload counts from the
// moment it passes this gate, whatever happens to it afterwards.

const WINDOW_MS = 60_000;

export type RateDecision =
  | { readonly admitted: true }
  | { readonly admitted: false; readonly retryAfterSeconds: number };

export interface UploadRateLimiter {
  admit(pubkey: string): RateDecision;
}

/** `now` is a monotonic clock in milliseconds, so wall-clock steps cannot open or close the window. */
export function createUploadRateLimiter(
  perMinute: number,
  now: () => number = () => performance.now(),
): UploadRateLimiter {
  // Admission times per pubkey, oldest first, none older than the window once pruned.
  const admitted = new Map<string, number[]>();
  let nextSweep = now() + WINDOW_MS;

  // Keys are pubkeys with valid signatures, which anyone can mint, so idle keys must not accumulate.
  function sweep(at: number): void {
    for (const [pubkey, times] of admitted) {
      if (times[times.length - 1]! <= at - WINDOW_MS) admitted.delete(pubkey);
    }
    nextSweep = at + WINDOW_MS;
  }

  function admit(pubkey: string): RateDecision {
    const at = now();
    if (at >= nextSweep) sweep(at);
    const times = admitted.get(pubkey) ?? [];
    let expired = 0;
    while (expired < times.length && times[expired]! <= at - WINDOW_MS) expired++;
    if (expired > 0) times.splice(0, expired);
    if (times.length >= perMinute) {
      return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + WINDOW_MS - at) / 1000)) };
    }
    times.push(at);
    admitted.set(pubkey, times);
    return { admitted: true };
  }

  return { admit };
}
