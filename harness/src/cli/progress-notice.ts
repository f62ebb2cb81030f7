// A test's console output is hidden by `buzz-compat run` (its progress reporter prints one line per file), but some
// things belong in that progress output as they happen, e.g. that a file waits for another run: such lines carry
// this prefix, and the reporter prints them whatever else it hides.

const PREFIX = '[buzz-compat progress] ';

/** Prints `text` so that it shows in the run's progress output, and as ordinary console output elsewhere. */
export function printProgressNotice(text: string): void {
  console.log(`${PREFIX}${text}`);
}

/** The notice a console line carries, or null for any other output. */
export function progressNoticeOf(content: string): string | null {
  return content.startsWith(PREFIX) ? content.slice(PREFIX.length).trimEnd() : null;
}
