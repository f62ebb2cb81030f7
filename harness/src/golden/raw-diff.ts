// A small unified diff of two texts, line by line, shown next to the semantic findings so a reader can see
// the exact bytes. LCS over lines after trimming the common head and tail: goldens are a few hundred lines.

export interface RawDiffOptions {
  /** Unchanged lines shown around each change; 3 like `diff -u`. */
  readonly context?: number;
  readonly expectedLabel?: string;
  readonly actualLabel?: string;
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly text: string; readonly a: number; readonly b: number };

/** '' when the texts are equal, else `--- expected` / `+++ actual` and `@@` hunks. */
export function rawDiff(expected: string, actual: string, options: RawDiffOptions = {}): string {
  if (expected === actual) return '';
  const ops = diffLines(expected.split('\n'), actual.split('\n'));
  const context = options.context ?? 3;
  const out = [`--- ${options.expectedLabel ?? 'expected'}`, `+++ ${options.actualLabel ?? 'actual'}`];
  for (const hunk of hunks(ops, context)) out.push(...hunk);
  return `${out.join('\n')}\n`;
}

function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail])
    tail += 1;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const width = midB.length + 1;
  // lcs[i * width + j] = LCS length of midA[i..] and midB[j..]
  const lcs = new Uint32Array((midA.length + 1) * width);
  for (let i = midA.length - 1; i >= 0; i -= 1) {
    for (let j = midB.length - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        midA[i] === midB[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  for (let k = 0; k < head; k += 1) ops.push({ kind: ' ', text: a[k] ?? '', a: k, b: k });
  let i = 0;
  let j = 0;
  while (i < midA.length || j < midB.length) {
    if (i < midA.length && j < midB.length && midA[i] === midB[j]) {
      ops.push({ kind: ' ', text: midA[i] ?? '', a: head + i, b: head + j });
      i += 1;
      j += 1;
    } else if (
      i < midA.length &&
      (j === midB.length || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0))
    ) {
      ops.push({ kind: '-', text: midA[i] ?? '', a: head + i, b: head + j });
      i += 1;
    } else {
      ops.push({ kind: '+', text: midB[j] ?? '', a: head + i, b: head + j });
      j += 1;
    }
  }
  for (let k = 0; k < tail; k += 1) {
    ops.push({ kind: ' ', text: a[a.length - tail + k] ?? '', a: a.length - tail + k, b: b.length - tail + k });
  }
  return ops;
}

function hunks(ops: readonly Op[], context: number): string[][] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const result: string[][] = [];
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && (changed[end + 1] ?? 0) - (changed[end] ?? 0) <= 2 * context + 1) end += 1;
    const from = Math.max(0, (changed[start] ?? 0) - context);
    const to = Math.min(ops.length - 1, (changed[end] ?? 0) + context);
    const slice = ops.slice(from, to + 1);
    const first = slice[0] as Op;
    const lenA = slice.filter((op) => op.kind !== '+').length;
    const lenB = slice.filter((op) => op.kind !== '-').length;
    const range = (at: number, length: number) => `${length === 0 ? at : at + 1},${length}`;
    result.push([
      `@@ -${range(first.a, lenA)} +${range(first.b, lenB)} @@`,
      ...slice.map((op) => `${op.kind}${op.text}`),
    ]);
    start = end + 1;
  }
  return result;
}
