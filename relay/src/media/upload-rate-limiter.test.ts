import { describe, expect, it } from 'vitest';
import { createUploadRateLimiter } from './upload-rate-limiter.ts';

function clock(start = 1_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('upload rate limiter', () => {
  it('admits perMinute uploads in any 60 s window, per pubkey', () => {
    const time = clock();
    const limiter = createUploadRateLimiter(2, time.now);

    expect(limiter.admit('alice')).toEqual({ admitted: true });
    time.advance(10_000);
    expect(limiter.admit('alice')).toEqual({ admitted: true });
    expect(limiter.admit('alice')).toEqual({ admitted: false, retryAfterSeconds: 50 });
    expect(limiter.admit('bob')).toEqual({ admitted: true });
  });

  it('slides: an admission leaves the window 60 s after it happened, not at a minute boundary', () => {
    const time = clock();
    const limiter = createUploadRateLimiter(2, time.now);
    limiter.admit('alice');
    time.advance(30_000);
    limiter.admit('alice');

    time.advance(29_999);
    expect(limiter.admit('alice').admitted).toBe(false);
    time.advance(1);
    expect(limiter.admit('alice').admitted).toBe(true);
    // The second admission (at 30 s) is still inside the window, and so is the one just made.
    expect(limiter.admit('alice')).toEqual({ admitted: false, retryAfterSeconds: 30 });
  });

  it('a refused attempt does not count against the window', () => {
    const time = clock();
    const limiter = createUploadRateLimiter(1, time.now);
    limiter.admit('alice');
    for (let i = 0; i < 5; i++) {
      time.advance(10_000);
      limiter.admit('alice');
    }
    time.advance(10_000);
    expect(limiter.admit('alice').admitted).toBe(true);
  });
});
