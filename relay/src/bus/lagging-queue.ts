/**
 * A bounded queue between a producer that must never wait (the Redis subscriber) and a worker, with the overflow
 * rule of a tokio broadcast channel: when full, the oldest message is dropped, and the worker learns how many it
 * missed (`Lagged(n)`) before it sees the next message. The worker runs on the next turn of the event loop, so
 * everything that arrives within one turn beyond the capacity is lag.
 */
export class LaggingQueue<T> {
  readonly #capacity: number;
  readonly #consume: (item: T) => void;
  readonly #onLag: (missed: number) => void;
  readonly #ring: (T | undefined)[];
  #head = 0;
  #size = 0;
  #missed = 0;
  #scheduled = false;
  #closed = false;

  constructor(capacity: number, consume: (item: T) => void, onLag: (missed: number) => void) {
    this.#capacity = Math.max(1, capacity);
    this.#consume = consume;
    this.#onLag = onLag;
    this.#ring = new Array(this.#capacity);
  }

  push(item: T): void {
    if (this.#closed) return;
    if (this.#size === this.#capacity) {
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#capacity;
      this.#size--;
      this.#missed++;
    }
    this.#ring[(this.#head + this.#size) % this.#capacity] = item;
    this.#size++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => this.#drain());
    }
  }

  close(): void {
    this.#closed = true;
    this.#size = 0;
  }

  #drain(): void {
    this.#scheduled = false;
    if (this.#missed > 0) {
      const missed = this.#missed;
      this.#missed = 0;
      this.#onLag(missed);
    }
    while (this.#size > 0) {
      const item = this.#ring[this.#head] as T;
      this.#ring[this.#head] = undefined;
      this.#head = (this.#head + 1) % this.#capacity;
      this.#size--;
      this.#consume(item);
    }
  }
}
