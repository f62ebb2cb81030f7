// Whether the services this node cannot work without answer, for `/_readiness` (as buzz's probe: Postgres and
// Redis, each bounded by a 2 s timeout).

export const READINESS_TIMEOUT_MS = 2000;

export interface ReadinessDependencies {
  /** Resolves once Postgres has answered a trivial query. */
  pingPostgres(): Promise<unknown>;
  /** True while every Redis connection is up. */
  redisReady(): boolean;
}

/** Why this node is not ready (e.g. `postgres unreachable`), or undefined when it is. */
export type ReadinessCheck = () => Promise<string | undefined>;

export function readinessCheck(deps: ReadinessDependencies, timeoutMs = READINESS_TIMEOUT_MS): ReadinessCheck {
  // One ping at a time: while Postgres hangs, probes answer "not ready" without queueing more pings behind it.
  let ping: Promise<boolean> | undefined;
  const postgresAnswers = (): Promise<boolean> => {
    if (ping !== undefined) return Promise.resolve(false);
    const started = deps.pingPostgres().then(
      () => true,
      () => false,
    );
    ping = started;
    started.finally(() => {
      ping = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return Promise.race([started, timedOut]).finally(() => clearTimeout(timer));
  };
  return async () => {
    const [postgres, redis] = [await postgresAnswers(), deps.redisReady()];
    const down = [...(postgres ? [] : ['postgres']), ...(redis ? [] : ['redis'])];
    return down.length === 0 ? undefined : `${down.join(' and ')} unreachable`;
  };
}
