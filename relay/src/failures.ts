import type { Logger } from './log.ts';

// Work that nobody awaits (a timer's callback, a hand-off to a worker thread, a listener of a socket or of Redis)
// has nowhere to throw but into the event loop, where one throw ends the process and every connection with it.
// Such paths catch what fails and report it here: it is logged and counted, and the relay carries on. The counts
// are on `/_status` (`failures`), not on /metrics, whose families the contract fixes.

export type FailurePath =
  /** A batch could not be handed to a verifier thread, or a thread failed. */
  | 'verifier'
  /** A frame threw before its handler ran (reading, parsing, routing). */
  | 'frame'
  /** A frame handler threw instead of answering. */
  | 'handler'
  /** An event from another node over Redis could not be fanned out. */
  | 'remote_event';

export class Failures {
  readonly #log: Logger;
  readonly #counts: Record<FailurePath, number> = { verifier: 0, frame: 0, handler: 0, remote_event: 0 };

  constructor(log: Logger) {
    this.#log = log;
  }

  record(path: FailurePath, error: unknown, context: Record<string, unknown> = {}): void {
    this.#counts[path]++;
    this.#log.error({ err: error, failure: path, ...context }, `${path} failed; the relay carries on`);
  }

  counts(): Readonly<Record<FailurePath, number>> {
    return { ...this.#counts };
  }
}
