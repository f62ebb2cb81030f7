import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

// Reads an upload body up to a size bound, hashing it on the way in.

export type BodyResult =
  | { readonly kind: 'complete'; readonly data: Buffer; readonly sha256: string }
  | { readonly kind: 'too-large' }
  | { readonly kind: 'aborted' };

/**
 * On `too-large` the request is left paused with the rest of its body unread: the caller answers 413 and closes
 * the connection rather than receive bytes it will throw away.
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const hash = createHash('sha256');
    let size = 0;
    let settled = false;

    const settle = (result: BodyResult): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) {
        req.pause();
        settle({ kind: 'too-large' });
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    };

    req.on('data', onData);
    req.once('end', () => settle({ kind: 'complete', data: Buffer.concat(chunks, size), sha256: hash.digest('hex') }));
    // The client went away mid-body: 'error' (aborted) or 'close' before 'end'.
    req.once('error', () => settle({ kind: 'aborted' }));
    req.once('close', () => settle({ kind: 'aborted' }));
  });
}
