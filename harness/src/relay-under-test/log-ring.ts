/** The last `capacity` lines of a process's output; a partial last line is kept until its newline arrives. */
export class LogRing {
  readonly #capacity: number;
  readonly #lines: string[] = [];
  readonly #partial = new Map<string, string>();
  #dropped = 0;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** `stream` keeps stdout and stderr fragments apart, so their partial lines never interleave. */
  push(stream: string, chunk: string): void {
    const text = (this.#partial.get(stream) ?? '') + chunk;
    const parts = text.split('\n');
    this.#partial.set(stream, parts.pop() ?? '');
    for (const line of parts) this.#add(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /** Flushes partial lines (at exit). */
  end(): void {
    for (const [stream, rest] of this.#partial) {
      if (rest !== '') this.#add(rest);
      this.#partial.set(stream, '');
    }
  }

  lines(): string[] {
    return [...this.#lines];
  }

  /** The last `count` lines as an indented block for error messages. */
  tail(count: number): string {
    const lines = this.#lines.slice(-count);
    if (lines.length === 0) return '  (no output)';
    const skipped = this.#dropped + this.#lines.length - lines.length;
    return `${skipped > 0 ? `  … ${skipped} earlier lines\n` : ''}${lines.map((line) => `  | ${line}`).join('\n')}`;
  }

  #add(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#capacity) {
      this.#lines.shift();
      this.#dropped++;
    }
  }
}
