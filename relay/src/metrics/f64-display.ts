// Rust's `impl Display for f64` (what metrics-exporter-prometheus writes for gauges, `_sum` and `le` bounds):
// the shortest digits that round-trip, laid out in plain positional notation at any magnitude, no ".0" on
// integers, a "-" on every negative value including -0 (Rust >= 1.53), and the words `NaN`, `inf`, `-inf`.
// JavaScript picks the same shortest digits (both choose the closest of the shortest candidates) but switches
// to an exponent below 1e-6 and from 1e21 up, so only the layout needs redoing there.

const PLAIN_MIN = 1e-6;
const PLAIN_LIMIT = 1e21;

export function formatF64(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const magnitude = Math.abs(x);
  if (magnitude >= PLAIN_MIN && magnitude < PLAIN_LIMIT) return String(x);
  return (x < 0 ? '-' : '') + expandExponent(String(magnitude));
}

// `text` is JavaScript's exponent form of a positive number: "d.ddde+n" or "de-n".
function expandExponent(text: string): string {
  const e = text.indexOf('e');
  const mantissa = text.slice(0, e);
  const exponent = Number(text.slice(e + 1));
  const digits = mantissa.replace('.', '');
  const intDigits = exponent + 1;
  if (intDigits <= 0) return `0.${'0'.repeat(-intDigits)}${digits}`;
  if (intDigits >= digits.length) return digits + '0'.repeat(intDigits - digits.length);
  return `${digits.slice(0, intDigits)}.${digits.slice(intDigits)}`;
}
