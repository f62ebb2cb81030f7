// Label values that come from the outside world pass through here, so hostile input cannot grow a label set
// (CONTRACT §2.4).

// Nostr kinds are u16; the allow-list is a bitmap over that range, so a lookup is one array read.
const KIND_RANGES: readonly (readonly [number, number])[] = [
  [0, 9],
  [1059, 1059],
  [1063, 1063],
  [8000, 8003],
  [9000, 9022],
  [9030, 9036],
  [13534, 13535],
  [20000, 29999],
  [30023, 30023],
  [30315, 30315],
  [39000, 39003],
  [40002, 40100],
  [41001, 41001],
  [41010, 41012],
  [43001, 43006],
  [44100, 44101],
  [45001, 45003],
  [46001, 46012],
  [46020, 46020],
  [46030, 46031],
  [48001, 48001],
  [48100, 48103],
  [48106, 48106],
  [49001, 49001],
];

const ALLOWED_KINDS = new Uint8Array(0x10000);
for (const [first, last] of KIND_RANGES) ALLOWED_KINDS.fill(1, first, last + 1);

/** `kind` label: the decimal kind when it is in the allow-list, else `other`. */
export function kindLabel(kind: number): string {
  return Number.isInteger(kind) && ALLOWED_KINDS[kind] === 1 ? String(kind) : 'other';
}

const CALLER_PATTERN = /^[A-Za-z0-9_-]{0,64}$/;

/**
 * `caller` label from the `x-envoy-downstream-service-cluster` header: its first value if that is at most
 * 64 bytes of [A-Za-z0-9_-] (an empty value passes), else `unknown`. Pass `req.headersDistinct[...]` or the
 * single header string; node joins repeated headers in `req.headers`, which would hide a valid first value.
 */
export function callerLabel(value: string | readonly string[] | undefined): string {
  const first = typeof value === 'string' ? value : value?.[0];
  return first !== undefined && CALLER_PATTERN.test(first) ? first : 'unknown';
}

const ALLOWED_MIMES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4']);

/** `mime` label of `buzz_media_uploads_total`: one of the five allowed types, else `other`. */
export function mimeLabel(mime: string): string {
  return ALLOWED_MIMES.has(mime) ? mime : 'other';
}
