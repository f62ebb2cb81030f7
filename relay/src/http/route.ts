import type { IncomingMessage, ServerResponse } from 'node:http';

// A route of the app listener. `template` is what `http_requests_total{action}` records (CONTRACT §2.4),
// so feature modules (NIP-11, media, ...) hand the router data, and the router alone does the accounting.
export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS';

export interface Route {
  readonly method: HttpMethod;
  /** Path template with `{name}` segments, e.g. `/media/{sha256}`. */
  readonly template: string;
  /** When set, the route matches only requests for which this returns true (e.g. an Accept header). */
  readonly when?: (req: IncomingMessage) => boolean;
  handle(req: IncomingMessage, res: ServerResponse, params: Readonly<Record<string, string>>): Promise<void>;
}
