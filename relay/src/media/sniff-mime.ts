// The type of a blob, read from its leading bytes. A client's declared Content-Type is never trusted: it would
// let any upload pose as an image (and the uploads counter's `mime` label would say what the client claimed).

export type SniffedMime =
  | 'image/jpeg'
  | 'image/png'
  | 'image/gif'
  | 'image/webp'
  | 'video/mp4'
  | 'application/octet-stream';

/** BUD-01: a blob whose type the server does not know is served as `application/octet-stream`. */
export const UNKNOWN_MIME = 'application/octet-stream';

const EXTENSIONS: Readonly<Record<SniffedMime, string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'application/octet-stream': 'bin',
};

// ISO-BMFF files all start with an `ftyp` box; its brands tell MP4 apart from its cousins (QuickTime `qt  `,
// HEIF/AVIF images, 3GPP). These are the MP4 brands buzz's validation accepts, as major or compatible brand.
const MP4_BRANDS: ReadonlySet<string> = new Set([
  'isom',
  'iso2',
  'iso3',
  'iso4',
  'iso5',
  'iso6',
  'iso7',
  'iso8',
  'iso9',
  'mp41',
  'mp42',
  'avc1',
  'dash',
  'M4V ',
]);

export function sniffMime(bytes: Uint8Array): SniffedMime {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'image/webp';
  if (isMp4(bytes)) return 'video/mp4';
  return UNKNOWN_MIME;
}

export function extensionFor(mime: SniffedMime): string {
  return EXTENSIONS[mime];
}

function isMp4(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 4) !== 'ftyp') return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const compactSize = view.getUint32(0);
  let boxEnd: number;
  let payloadStart = 8;
  if (compactSize === 1) {
    if (bytes.length < 24) return false;
    boxEnd = Number(view.getBigUint64(8));
    payloadStart = 16;
  } else if (compactSize === 0) {
    boxEnd = bytes.length;
  } else {
    boxEnd = compactSize;
  }
  // The payload is a major brand, a minor version, then compatible brands, four bytes each.
  if (boxEnd < payloadStart + 8) return false;
  const payloadEnd = Math.min(boxEnd, bytes.length);
  if (payloadEnd < payloadStart + 8) return false;
  if (MP4_BRANDS.has(ascii(bytes, payloadStart, 4))) return true;
  for (let at = payloadStart + 8; at + 4 <= payloadEnd; at += 4) {
    if (MP4_BRANDS.has(ascii(bytes, at, 4))) return true;
  }
  return false;
}

function startsWith(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  if (bytes.length < offset + length) return '';
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
