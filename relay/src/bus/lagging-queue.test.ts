import { describe, expect, it } from 'vitest';
import { LaggingQueue } from './lagging-queue.ts';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('LaggingQueue', () => {
  it('§2.3 overflow drops the oldest and reports Lagged(n) before the next message', async () => {
    const log: string[] = [];
    const queue = new LaggingQueue<number>(
      2,
      (n) => log.push(`msg ${n}`),
      (missed) => log.push(`lagged ${missed}`),
    );
    for (let i = 1; i <= 5; i++) queue.push(i);
    await turn();
    expect(log).toEqual(['lagged 3', 'msg 4', 'msg 5']);
    queue.push(6);
    await turn();
    expect(log).toEqual(['lagged 3', 'msg 4', 'msg 5', 'msg 6']);
  });

  it('§2.3 within capacity nothing is lost and nothing is reported', async () => {
    const seen: number[] = [];
    let lag = 0;
    const queue = new LaggingQueue<number>(
      3,
      (n) => seen.push(n),
      (n) => (lag += n),
    );
    queue.push(1);
    queue.push(2);
    queue.push(3);
    await turn();
    expect(seen).toEqual([1, 2, 3]);
    expect(lag).toBe(0);
  });
});
