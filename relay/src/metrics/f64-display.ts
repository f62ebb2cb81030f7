// Rust's `impl Display for f64` (what metrics-exporter-prometheus writes for gauges, `_sum` and `le` bounds):
// the shortest digits that round-trip, laid out in plain positional notation at any magnitude, no ".0" on
// integers, a "-" on every negative value including -0 (Rust >= 1.53), and the words `NaN`, `inf`, `-inf`.
// JavaScript picks the same shortest digits with one exception, found by the Rust oracle: when the value lies
// exactly halfway between the two closest shortest candidates, JavaScript takes the one with the even last digit
// while Rust rounds the half up (1231971195717782.25 is "…782.2" in JavaScript, "…782.3" in Rust). JavaScript also
// switches to an exponent below 1e-6 and from 1e21 up, so the layout is redone from the digits everywhere.

export function formatF64(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const magnitude = Math.abs(x);
  let { digits, exponent } = shortestDigits(magnitude);
  if (isHalfAbove(magnitude, digits, exponent)) digits = (BigInt(digits) + 1n).toString();
  return (x < 0 ? '-' : '') + positional(digits, exponent);
}

/** JavaScript's shortest round-trip digits of a positive number: value = digits × 10^exponent. */
function shortestDigits(magnitude: number): { digits: string; exponent: number } {
  const text = String(magnitude);
  const e = text.indexOf('e');
  const mantissa = e === -1 ? text : text.slice(0, e);
  const point = mantissa.indexOf('.');
  const fraction = point === -1 ? 0 : mantissa.length - point - 1;
  const digits = mantissa.replace('.', '').replace(/^0+(?=\d)/, '');
  return { digits, exponent: (e === -1 ? 0 : Number(text.slice(e + 1))) - fraction };
}

/**
 * True when `magnitude` is exactly (digits + 0.5) × 10^exponent, the tie JavaScript breaks downwards to an even
 * digit. Compared exactly: the double is mantissa × 2^binaryExponent, so both sides are scaled to integers.
 */
function isHalfAbove(magnitude: number, digits: string, exponent: number): boolean {
  if (Number(digits.at(-1)) % 2 !== 0) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const bits = view.getBigUint64(0);
  const biased = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const binaryExponent = (biased === 0 ? 1 : biased) - 1075;
  // 2 × mantissa × 2^binaryExponent = (2 × digits + 1) × 10^exponent
  const left =
    2n *
    mantissa *
    (binaryExponent >= 0 ? 1n << BigInt(binaryExponent) : 1n) *
    (exponent < 0 ? 10n ** BigInt(-exponent) : 1n);
  const right =
    (2n * BigInt(digits) + 1n) *
    (exponent >= 0 ? 10n ** BigInt(exponent) : 1n) *
    (binaryExponent < 0 ? 1n << BigInt(-binaryExponent) : 1n);
  return left === right;
}

function positional(digits: string, exponent: number): string {
  if (exponent >= 0) return digits + '0'.repeat(exponent);
  const fractionDigits = -exponent;
  if (digits.length > fractionDigits) {
    return `${digits.slice(0, digits.length - fractionDigits)}.${digits.slice(digits.length - fractionDigits)}`;
  }
  return `0.${'0'.repeat(fractionDigits - digits.length)}${digits}`;
}
