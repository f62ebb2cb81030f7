// What buzz refuses while it parses a frame's JSON text (serde_json into a Value, before any message type is
// looked at), checked here on the text before JSON.parse so that no such frame builds an object at all:
// - nesting: serde_json's default recursion limit is 128, and its 128th nested array or object fails, so 127
//   levels (the frame's own array included) is the deepest frame buzz reads;
// - `\uXXXX` escapes that leave a UTF-16 surrogate unpaired: serde_json refuses them when it builds a string,
//   while JSON.parse would keep a lone surrogate, which cannot be stored or signed as it was sent.
// One pass over the text, with no allocation: it runs on every frame.

export const MAX_JSON_DEPTH = 127;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const LOWER_U = 0x75;

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/** The code unit of a `\uXXXX` escape whose backslash is at `at`, or -1 when there is none there. */
function escapedUnit(text: string, at: number): number {
  if (text.charCodeAt(at) !== BACKSLASH || text.charCodeAt(at + 1) !== LOWER_U) return -1;
  let unit = 0;
  for (let i = at + 2; i < at + 6; i++) {
    const digit = hexDigit(text.charCodeAt(i));
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

const isLeading = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isTrailing = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Why buzz would refuse this frame's JSON text before reading any message out of it, or undefined. Text that is
 * not JSON at all passes here and is left to JSON.parse.
 */
export function jsonTextProblem(text: string): string | undefined {
  let depth = 0;
  let inString = false;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === QUOTE) inString = false;
      else if (code === BACKSLASH) {
        const unit = escapedUnit(text, i);
        if (unit < 0) {
          i++; // a one-character escape such as \" or \\: skip what it escapes
          continue;
        }
        if (isTrailing(unit)) return 'a \\u escape holds an unpaired UTF-16 surrogate';
        if (isLeading(unit)) {
          if (!isTrailing(escapedUnit(text, i + 6))) return 'a \\u escape holds an unpaired UTF-16 surrogate';
          i += 6;
        }
        i += 5;
      }
      continue;
    }
    if (code === QUOTE) inString = true;
    else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > MAX_JSON_DEPTH) return `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) depth--;
  }
  return undefined;
}
