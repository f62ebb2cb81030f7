// Number text as the Rust exporter writes it (CONTRACT §2.1): counters as unsigned integers, every f64 with
// Rust's `Display`, which prints the shortest round-trip digits and never an exponent. JavaScript's
// `String(x)` agrees except below 1e-6 and from 1e21 up, which is exactly where a port in JS goes wrong.

const UNSIGNED_INTEGER = /^(0|[1-9][0-9]*)$/;
const PLAIN_DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const EXPONENT = /^[+-]?[0-9.]+[eE][+-]?[0-9]+$/;

/** `x` as Rust's `format!("{}", x)` prints an f64. */
export function rustDisplayF64(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest digits that round-trip, as Rust does.
  const [mantissa = '', exponentText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const pointAt = Number(exponentText) + 1;
  if (pointAt <= 0) return `${sign}0.${'0'.repeat(-pointAt)}${digits}`;
  if (pointAt >= digits.length) return `${sign}${digits}${'0'.repeat(pointAt - digits.length)}`;
  return `${sign}${digits.slice(0, pointAt)}.${digits.slice(pointAt)}`;
}

/** The number a Rust-written f64 text stands for, or undefined when the text is not one. */
export function parseRustF64(text: string): number | undefined {
  if (text === 'NaN') return Number.NaN;
  if (text === 'inf' || text === '+Inf') return Number.POSITIVE_INFINITY;
  if (text === '-inf' || text === '-Inf') return Number.NEGATIVE_INFINITY;
  if (PLAIN_DECIMAL.test(text) || EXPONENT.test(text)) return Number(text);
  return undefined;
}

export function isUnsignedInteger(text: string): boolean {
  return UNSIGNED_INTEGER.test(text);
}

/** True when `text` is exactly what Rust's `Display` prints for the number it denotes. */
export function isRustDisplay(text: string): boolean {
  const value = parseRustF64(text);
  return value !== undefined && rustDisplayF64(value) === text;
}

/** Exponent notation or `Infinity`: the tell-tale signs of JavaScript's `String(x)`. */
export function looksLikeJavaScriptNumber(text: string): boolean {
  return EXPONENT.test(text) || text === 'Infinity' || text === '-Infinity';
}

/** One clause-ready sentence fragment explaining why `text` is not Rust `Display`, or undefined when it is. */
export function describeNonRustNumber(text: string): string | undefined {
  if (isRustDisplay(text)) return undefined;
  const value = parseRustF64(text);
  if (value === undefined) return `\`${text}\` is not a number`;
  const rust = rustDisplayF64(value);
  const origin = looksLikeJavaScriptNumber(text) ? "looks like JavaScript's number formatting" : 'is not Rust Display';
  return `\`${text}\` ${origin}; Rust's f64 Display writes \`${rust}\``;
}
