import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import type { ReadinessProbe } from './adapter-types.ts';

const POLL_INTERVAL_MS = 100;
const ATTEMPT_TIMEOUT_MS = 2_000;

export interface ReadinessCheck {
  /** The probe with its templates already rendered. */
  readonly probe: RenderedProbe;
  readonly logs: () => readonly string[];
  /** Aborted when the process exits, so the wait ends at once instead of at the deadline. */
  readonly signal: AbortSignal;
}

export type RenderedProbe =
  | { readonly kind: 'http'; readonly url: string; readonly timeoutMs: number }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number; readonly timeoutMs: number }
  | { readonly kind: 'logLine'; readonly pattern: RegExp; readonly timeoutMs: number };

export function describeProbe(probe: RenderedProbe | ReadinessProbe): string {
  if (probe.kind === 'http') return `HTTP 2xx from ${probe.url}`;
  if (probe.kind === 'logLine') return `a log line matching /${probe.pattern.source}/`;
  return 'host' in probe ? `a TCP connection to ${probe.host}:${probe.port}` : `a TCP connection to ${probe.address}`;
}

/**
 * Polls the probe until it succeeds (true), the deadline passes (false) or the signal aborts (false).
 * The last probe failure is kept in `lastFailure` for the error message.
 */
export async function waitUntilReady(check: ReadinessCheck): Promise<{ ready: boolean; lastFailure: string }> {
  const deadline = Date.now() + check.probe.timeoutMs;
  let lastFailure = 'not tried yet';
  while (!check.signal.aborted) {
    const failure = await attempt(check);
    if (failure === null) return { ready: true, lastFailure: '' };
    lastFailure = failure;
    if (Date.now() >= deadline) break;
    await delay(POLL_INTERVAL_MS, undefined, { signal: check.signal }).catch(() => undefined);
  }
  return { ready: false, lastFailure };
}

/** null when ready, otherwise why not. */
async function attempt(check: ReadinessCheck): Promise<string | null> {
  const { probe } = check;
  if (probe.kind === 'logLine') {
    return check.logs().some((line) => probe.pattern.test(line)) ? null : 'no matching log line yet';
  }
  const timeout = AbortSignal.any([check.signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]);
  if (probe.kind === 'http') {
    try {
      const response = await fetch(probe.url, { signal: timeout });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return describeError(error);
    }
  }
  return new Promise((resolve) => {
    const socket = connect({ host: probe.host, port: probe.port, signal: timeout });
    socket.once('connect', () => {
      socket.destroy();
      resolve(null);
    });
    socket.once('error', (error) => resolve(describeError(error)));
  });
}

function describeError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}
