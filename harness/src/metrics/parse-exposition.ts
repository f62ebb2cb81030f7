// Prometheus text exposition → families, keeping every byte that a comparison may need to report:
// label order as written, value text verbatim, HELP and other comment lines, and line numbers.
// Layout (blank lines, trailing newlines) is not part of the parsed form; check-exposition.ts judges it.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Label {
  readonly name: string;
  /** The value as written between the quotes, escapes kept. */
  readonly rawValue: string;
  /** The value with `\\`, `\"` and `\n` unescaped. */
  readonly value: string;
}

export interface Sample {
  /** 1-based line number in the parsed text. */
  readonly line: number;
  readonly name: string;
  readonly labels: readonly Label[];
  /** True when the line has a label block, even an empty `{}`. */
  readonly braces: boolean;
  /** Everything before the value, verbatim: name, label block and the whitespace after it. */
  readonly head: string;
  /** The value text exactly as written. */
  readonly value: string;
  /** Everything after the value, verbatim: usually '', else whitespace and a timestamp. */
  readonly tail: string;
  readonly timestamp: string | undefined;
}

export interface CommentLine {
  readonly line: number;
  readonly text: string;
}

export interface Family {
  readonly name: string;
  readonly type: MetricType;
  /** The `# TYPE` line, absent for samples that came without one. */
  readonly typeLine: CommentLine | undefined;
  readonly help: readonly CommentLine[];
  readonly samples: readonly Sample[];
}

export interface Exposition {
  /** In the order they first appear. */
  readonly families: readonly Family[];
  /** `#` lines that are neither TYPE nor HELP. */
  readonly comments: readonly CommentLine[];
}

export class ExpositionParseError extends Error {
  readonly line: number;
  constructor(line: number, problem: string, text: string) {
    super(`line ${line}: ${problem}: ${JSON.stringify(text)}`);
    this.name = 'ExpositionParseError';
    this.line = line;
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

interface FamilyDraft {
  name: string;
  type: MetricType;
  typeLine: CommentLine | undefined;
  help: CommentLine[];
  samples: Sample[];
}

/** Parses `body`; throws ExpositionParseError naming the first line that is not valid exposition. */
export function parseExposition(body: string): Exposition {
  const families: FamilyDraft[] = [];
  const byName = new Map<string, FamilyDraft>();
  const comments: CommentLine[] = [];
  let current: FamilyDraft | undefined;

  const open = (name: string): FamilyDraft => {
    const draft: FamilyDraft = { name, type: 'untyped', typeLine: undefined, help: [], samples: [] };
    families.push(draft);
    byName.set(name, draft);
    return draft;
  };

  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    if (text.startsWith('#')) {
      const words = text
        .slice(1)
        .trim()
        .split(/[ \t]+/);
      const keyword = words[0];
      if (keyword === 'TYPE') {
        const [, name, type, ...rest] = words;
        if (name === undefined || type === undefined || rest.length > 0 || !METRIC_NAME.test(name)) {
          throw new ExpositionParseError(line, 'a # TYPE line needs exactly a metric name and a type', text);
        }
        if (!TYPES.includes(type)) throw new ExpositionParseError(line, `unknown metric type '${type}'`, text);
        const existing = byName.get(name);
        if (existing?.typeLine !== undefined) {
          throw new ExpositionParseError(
            line,
            `second # TYPE line for ${name} (first at line ${existing.typeLine.line})`,
            text,
          );
        }
        if (existing !== undefined && existing.samples.length > 0) {
          throw new ExpositionParseError(line, `# TYPE for ${name} comes after its samples`, text);
        }
        current = existing ?? open(name);
        current.type = type as MetricType;
        current.typeLine = { line, text };
        return;
      }
      if (keyword === 'HELP') {
        const name = words[1];
        if (name === undefined || !METRIC_NAME.test(name)) {
          throw new ExpositionParseError(line, 'a # HELP line needs a metric name', text);
        }
        current = byName.get(name) ?? open(name);
        current.help.push({ line, text });
        return;
      }
      comments.push({ line, text });
      return;
    }
    const sample = parseSampleLine(text, line);
    if (current === undefined || !belongsTo(current, sample.name)) {
      const earlier = byName.get(sample.name) ?? byName.get(baseName(sample.name));
      if (earlier !== undefined && belongsTo(earlier, sample.name)) {
        const first = earlier.typeLine?.line ?? earlier.samples[0]?.line ?? line;
        throw new ExpositionParseError(
          line,
          `samples of ${earlier.name} are not contiguous (family starts at line ${first})`,
          text,
        );
      }
      current = open(sample.name);
    }
    current.samples.push(sample);
  });
  return { families, comments };
}

function baseName(sampleName: string): string {
  return sampleName.replace(/_(bucket|sum|count)$/, '');
}

function belongsTo(family: FamilyDraft, sampleName: string): boolean {
  if (sampleName === family.name) return true;
  if (family.type === 'histogram')
    return [`${family.name}_bucket`, `${family.name}_sum`, `${family.name}_count`].includes(sampleName);
  if (family.type === 'summary') return [`${family.name}_sum`, `${family.name}_count`].includes(sampleName);
  return false;
}

function parseSampleLine(text: string, line: number): Sample {
  const name = METRIC_NAME.exec(text)?.[0];
  if (name === undefined) throw new ExpositionParseError(line, 'a sample line must start with a metric name', text);
  let at = name.length;
  const labels: Label[] = [];
  const braces = text[at] === '{';
  if (braces) {
    at += 1;
    for (;;) {
      at = skipBlanks(text, at);
      if (text[at] === '}') break;
      const labelName = LABEL_NAME.exec(text.slice(at))?.[0];
      if (labelName === undefined)
        throw new ExpositionParseError(line, `expected a label name at column ${at + 1}`, text);
      at += labelName.length;
      if (text[at] !== '=' || text[at + 1] !== '"') {
        throw new ExpositionParseError(line, `expected ="…" after label ${labelName}`, text);
      }
      at += 2;
      const start = at;
      let value = '';
      while (text[at] !== '"') {
        const char = text[at];
        if (char === undefined) throw new ExpositionParseError(line, `unterminated value of label ${labelName}`, text);
        if (char === '\\') {
          const escaped = text[at + 1];
          if (escaped === '\\' || escaped === '"') value += escaped;
          else if (escaped === 'n') value += '\n';
          else throw new ExpositionParseError(line, `unknown escape \\${escaped ?? ''} in label ${labelName}`, text);
          at += 2;
        } else {
          value += char;
          at += 1;
        }
      }
      labels.push({ name: labelName, rawValue: text.slice(start, at), value });
      at = skipBlanks(text, at + 1);
      if (text[at] === ',') at += 1;
      else if (text[at] !== '}') throw new ExpositionParseError(line, `expected , or } after label ${labelName}`, text);
    }
    at += 1;
  }
  const rest = /^([ \t]+)(\S+)((?:[ \t]+(\S+))?[ \t]*)$/.exec(text.slice(at));
  if (rest === null)
    throw new ExpositionParseError(line, 'expected whitespace, a value and an optional timestamp', text);
  const [, blanks = '', value = '', tail = '', timestamp] = rest;
  return { line, name, labels, braces, head: text.slice(0, at) + blanks, value, tail, timestamp };
}

function skipBlanks(text: string, at: number): number {
  let next = at;
  while (text[next] === ' ' || text[next] === '\t') next += 1;
  return next;
}
