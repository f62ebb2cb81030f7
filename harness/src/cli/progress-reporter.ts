import { relative } from 'node:path';
import type { SerializedError, UserConsoleLog } from 'vitest';
import type { Reporter, TestModule, TestSpecification } from 'vitest/node';
import type { TestOutcome } from './clause-result.ts';
import { progressNoticeOf } from './progress-notice.ts';
import { collectRun } from './vitest-outcomes.ts';

/** One line for a finished test file: its verdict, counts, duration and the clauses it touched. */
export function progressLine(
  file: string,
  outcomes: readonly TestOutcome[],
  durationMs: number,
  loadError: boolean,
): string {
  const count = (state: TestOutcome['state']) => outcomes.filter((outcome) => outcome.state === state).length;
  const [passed, failed, skipped] = [count('passed'), count('failed'), count('skipped')];
  const mark = loadError || failed > 0 ? '✗' : passed > 0 ? '✓' : '-';
  const counts = loadError
    ? 'failed to load'
    : [`${passed} passed`, failed > 0 ? `${failed} failed` : '', skipped > 0 ? `${skipped} skipped` : '']
        .filter(Boolean)
        .join(', ');
  const clauses = new Map<string, TestOutcome['state']>();
  // a skipped test without a note was filtered out (another clause, another profile): not worth a mention
  for (const outcome of outcomes.filter((test) => test.state !== 'skipped' || test.messages.length > 0)) {
    for (const id of outcome.clauseIds) {
      const before = clauses.get(id);
      if (before !== 'failed' && (before !== 'passed' || outcome.state === 'failed')) clauses.set(id, outcome.state);
    }
  }
  const symbols = { passed: '✓', failed: '✗', skipped: '-' } as const;
  const touched = [...clauses].map(([id, state]) => `${id} ${symbols[state]}`).join('  ');
  return `${mark} ${file}  ${counts}  (${(durationMs / 1000).toFixed(1)} s)${touched ? `\n    ${touched}` : ''}`;
}

/**
 * Prints a progress line per finished test file and keeps what the run produced for the final report. The tests'
 * own console output is shown only when asked (with --update-goldens it carries what each golden update changed),
 * but for progress notices (progress-notice.ts), shown always.
 */
export class ProgressReporter implements Reporter {
  readonly #root: string;
  readonly #write: (line: string) => void;
  readonly #echoConsole: boolean;
  readonly #printed = new Set<string>();
  #modules: readonly TestModule[] = [];
  #unhandled: readonly SerializedError[] = [];

  constructor(root: string, write: (line: string) => void, echoConsole: boolean) {
    this.#root = root;
    this.#write = write;
    this.#echoConsole = echoConsole;
  }

  onUserConsoleLog(log: UserConsoleLog): void {
    const notice = progressNoticeOf(log.content);
    if (notice !== null) this.#write(`… ${notice}`);
    else if (this.#echoConsole) this.#write(log.content.trimEnd());
  }

  onTestRunStart(specifications: readonly TestSpecification[]): void {
    this.#write(`running ${specifications.length} test file${specifications.length === 1 ? '' : 's'}…`);
  }

  onTestModuleEnd(module: TestModule): void {
    this.#print(module);
  }

  onTestRunEnd(modules: readonly TestModule[], unhandled: readonly SerializedError[]): void {
    // a file that failed to load never reaches onTestModuleEnd
    for (const module of modules) this.#print(module);
    this.#modules = modules;
    this.#unhandled = unhandled;
  }

  /** Files whose tests were all filtered out (no clause of this run) stay quiet. */
  #print(module: TestModule): void {
    if (this.#printed.has(module.moduleId)) return;
    this.#printed.add(module.moduleId);
    const { outcomes } = collectRun([module], [], this.#root);
    const loadError = outcomes.length === 0 && module.errors().length > 0;
    const relevant = outcomes.some((outcome) => outcome.state !== 'skipped' || outcome.messages.length > 0);
    if (!loadError && !relevant) return;
    this.#write(progressLine(relative(this.#root, module.moduleId), outcomes, module.diagnostic().duration, loadError));
  }

  result(): { modules: readonly TestModule[]; unhandled: readonly SerializedError[] } {
    return { modules: this.#modules, unhandled: this.#unhandled };
  }
}
