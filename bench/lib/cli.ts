import { parseArgs } from 'node:util';

// Command-line options of the bench scripts: every option is a positive number or one of a few words, and a bad
// value stops the script with a message that names the option and what it accepts.

export type OptionSpec = Readonly<Record<string, { readonly default: string; readonly help: string }>>;

export function readOptions(usage: string, spec: OptionSpec): Record<string, string> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean' },
      ...Object.fromEntries(
        Object.entries(spec).map(([name, option]) => [name, { type: 'string', default: option.default }]),
      ),
    },
    strict: true,
  });
  if (values.help === true) {
    const lines = Object.entries(spec).map(
      ([name, option]) => `  --${name} (default ${option.default})  ${option.help}`,
    );
    process.stdout.write(`${usage}\n${lines.join('\n')}\n`);
    process.exit(0);
  }
  return values as Record<string, string>;
}

export function positive(values: Record<string, string>, name: string): number {
  const value = Number(values[name]);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new Error(`--${name}=${values[name]} is not a positive number`);
  }
  return value;
}

export function positiveInteger(values: Record<string, string>, name: string): number {
  const value = positive(values, name);
  if (!Number.isInteger(value)) throw new Error(`--${name}=${values[name]} is not a whole number`);
  return value;
}

export function oneOf<T extends string>(values: Record<string, string>, name: string, choices: readonly T[]): T {
  const value = values[name] as T;
  if (!choices.includes(value)) throw new Error(`--${name}=${value} is not one of ${choices.join(', ')}`);
  return value;
}

/** Runs a bench script: an error prints one line (and the cause) and exits 1 instead of a stack trace. */
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}

export function wholeNumber(values: Record<string, string>, name: string): number {
  const value = Number(values[name]);
  if (!(Number.isInteger(value) && value >= 0)) throw new Error(`--${name}=${values[name]} is not a whole number ≥ 0`);
  return value;
}
