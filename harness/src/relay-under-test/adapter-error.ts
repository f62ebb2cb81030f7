/** An adapter file that cannot be used, with one line per problem, each naming the file and the field. */
export class AdapterError extends Error {
  override name = 'AdapterError';
  readonly problems: readonly string[];

  constructor(file: string, problems: readonly string[]) {
    super(`invalid relay adapter ${file}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** A relay that could not be started or did not become ready; the message carries its last log lines. */
export class RelayLaunchError extends Error {
  override name = 'RelayLaunchError';
  /** How the relay ended, when it exited by itself before it was ready. */
  readonly exit: { readonly code: number | null; readonly signal: NodeJS.Signals | null } | null;
  readonly logs: readonly string[];

  constructor(message: string, details: Pick<RelayLaunchError, 'exit' | 'logs'> = { exit: null, logs: [] }) {
    super(message);
    this.exit = details.exit;
    this.logs = details.logs;
  }
}
