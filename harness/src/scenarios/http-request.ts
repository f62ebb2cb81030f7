// The request of an `http` step, on its own connection (no keep-alive), so nothing of it outlives the step.

import { request } from 'node:http';
import type { HttpStep } from './session-types.ts';

export interface HttpResponse {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** Header lines of the step in order, plus the upload headers of its blob and Blossom authorization. */
export function requestHeaders(step: HttpStep): string[] {
  const lines: (readonly [string, string])[] = [...step.headers];
  if (step.blob !== undefined) {
    lines.push(['content-type', step.blob.contentType], ['x-sha-256', step.blob.sha256]);
  }
  if (step.nostrAuth !== undefined) {
    const encoded = Buffer.from(JSON.stringify(step.nostrAuth.event), 'utf8').toString('base64');
    lines.push(['authorization', `Nostr ${encoded}`]);
  }
  return lines.flat();
}

export function sendHttp(baseUrl: string, step: HttpStep): Promise<HttpResponse> {
  const url = new URL(step.path, baseUrl);
  const body = step.blob?.bytes;
  // Given headers as a list (so a name can repeat), node adds no Host header itself.
  const headers = ['host', url.host, ...requestHeaders(step)];
  if (body !== undefined) headers.push('content-length', String(body.length));
  return new Promise((resolve, reject) => {
    const req = request(url, { method: step.method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: res.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.setTimeout(step.timeoutMs, () => req.destroy(new Error(`no complete response within ${step.timeoutMs} ms`)));
    req.on('error', (error) => reject(new Error(`${step.method} ${url.href} failed: ${error.message}`)));
    req.end(body);
  });
}
