import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import { callerLabel } from '../metrics/labels.ts';
import type { Counter, Histogram } from '../metrics/registry.ts';
import { pathOf } from './path.ts';
import type { Route } from './route.ts';

/** A handler for paths that are served but never counted (`/_*`, `/health`, `/metrics`): true when it answered. */
export type UncountedHandler = (req: IncomingMessage, res: ServerResponse, path: string) => boolean;

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

export interface RouteMatch {
  readonly route: Route;
  readonly params: Readonly<Record<string, string>>;
}

export interface RequestMetrics {
  readonly requests: Counter;
  readonly latencyMs: Histogram;
}

function isUncountedPath(path: string): boolean {
  return path.startsWith('/_') || path === '/health' || path === '/metrics';
}

/**
 * The app listener's router with buzz's `track_metrics` (CONTRACT §2.4): a request that matches a route is counted
 * once, when its response is done, with code, caller and the route's template as action. Unmatched requests and
 * the uncounted paths leave no trace in the metrics, so hostile paths cannot grow a label set.
 */
export class AppRouter {
  readonly #routes: CompiledRoute[];
  readonly #metrics: RequestMetrics;
  readonly #uncounted: UncountedHandler;
  readonly #log: Logger;

  constructor(routes: readonly Route[], metrics: RequestMetrics, uncounted: UncountedHandler, log: Logger) {
    this.#routes = routes.map((route) => ({ route, segments: route.template.split('/') }));
    this.#metrics = metrics;
    this.#uncounted = uncounted;
    this.#log = log;
  }

  match(req: IncomingMessage): RouteMatch | undefined {
    const segments = pathOf(req.url).split('/');
    for (const { route, segments: template } of this.#routes) {
      if (route.method !== req.method || template.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < template.length; i++) {
        const part = template[i]!;
        const actual = segments[i]!;
        if (part.startsWith('{') && part.endsWith('}')) {
          if (actual === '') matched = false;
          else params[part.slice(1, -1)] = decodeURIComponent(actual);
        } else if (part !== actual) matched = false;
        if (!matched) break;
      }
      if (matched && (route.when === undefined || route.when(req))) return { route, params };
    }
    return undefined;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    const path = pathOf(req.url);
    if (isUncountedPath(path) && this.#uncounted(req, res, path)) return;
    let found: RouteMatch | undefined;
    try {
      found = this.match(req);
    } catch {
      found = undefined;
    }
    if (found === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const { route, params } = found;
    const started = performance.now();
    res.once('close', () => this.record(req, String(res.statusCode), route.template, started));
    route.handle(req, res, params).catch((error: unknown) => {
      this.#log.error({ err: error, action: route.template }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error\n');
      else res.destroy();
    });
  }

  /** One `http_requests_total` and one latency observation; WebSocket upgrades call it with code 101. */
  record(req: IncomingMessage, code: string, action: string, startedMs: number): void {
    const labels = [code, callerLabel(req.headersDistinct['x-envoy-downstream-service-cluster']), action];
    this.#metrics.requests.inc(labels);
    this.#metrics.latencyMs.observe(performance.now() - startedMs, labels);
  }
}
