/** Bounds how many frame handlers run at once across all connections (BUZZ_MAX_CONCURRENT_HANDLERS). */
export class Semaphore {
  #available: number;
  readonly #waiters: (() => void)[] = [];
  #inUse = 0;

  constructor(permits: number) {
    this.#available = permits;
  }

  get inUse(): number {
    return this.#inUse;
  }

  /** Takes a permit if one is free right now. */
  tryAcquire(): boolean {
    if (this.#available === 0) return false;
    this.#available--;
    this.#inUse++;
    return true;
  }

  acquire(): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise((resolve) =>
      this.#waiters.push(() => {
        this.#inUse++;
        resolve();
      }),
    );
  }

  release(): void {
    this.#inUse--;
    const next = this.#waiters.shift();
    if (next !== undefined) next();
    else this.#available++;
  }
}
