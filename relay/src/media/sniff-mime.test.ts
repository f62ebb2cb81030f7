import { describe, expect, it } from 'vitest';
import { type SniffedMime, sniffMime } from './sniff-mime.ts';

const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

// An ftyp box: size, 'ftyp', major brand, minor version, compatible brands.
const ftyp = (major: string, ...compatible: string[]): Uint8Array => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, 'rest of the file');
};

describe('sniffMime', () => {
  it.each<[string, Uint8Array, SniffedMime]>([
    ['JPEG', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'IHDR'), 'image/png'],
    ['GIF87a', bytes('GIF87a', [1, 0]), 'image/gif'],
    ['GIF89a', bytes('GIF89a', [1, 0]), 'image/gif'],
    ['WebP', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['MP4 by major brand', ftyp('isom', 'isom', 'avc1'), 'video/mp4'],
    ['MP4 by compatible brand', ftyp('XAVC', 'mp42'), 'video/mp4'],
    [
      'MP4 with a 64-bit box size',
      bytes([0, 0, 0, 1], 'ftyp', [0, 0, 0, 0, 0, 0, 0, 24], 'mp42', [0, 0, 0, 0]),
      'video/mp4',
    ],
    ['QuickTime', ftyp('qt  ', 'qt  '), 'application/octet-stream'],
    ['HEIC image', ftyp('heic', 'mif1', 'heic'), 'application/octet-stream'],
    ['RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt '), 'application/octet-stream'],
    ['PNG signature cut short', bytes([0x89, 0x50, 0x4e, 0x47]), 'application/octet-stream'],
    ['ftyp box too small for a brand', bytes([0, 0, 0, 8], 'ftyp', 'isom', [0, 0, 0, 0]), 'application/octet-stream'],
    ['text', bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'application/octet-stream'],
    ['empty', bytes(), 'application/octet-stream'],
  ])('%s → %s', (_name, input, expected) => {
    expect(sniffMime(input)).toBe(expected);
  });

  it('reads a view into a larger buffer from its own start', () => {
    const backing = Buffer.concat([Buffer.from('padding!'), Buffer.from(ftyp('mp41'))]);
    expect(sniffMime(backing.subarray(8))).toBe('video/mp4');
  });
});
