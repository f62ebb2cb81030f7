import type { Server } from 'node:http';
import type { HttpTimeouts } from '../config.ts';
import { type HealthState, healthHandler } from './health.ts';
import { listen } from './listen.ts';
import { pathOf } from './path.ts';
import { createTimedServer } from './timeouts.ts';

export interface HealthListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly timeouts: HttpTimeouts;
  readonly health: HealthState;
}

/** The health listener on BUZZ_HEALTH_PORT; anything but the health paths is 404. */
export function startHealthListener({ host, port, timeouts, health }: HealthListenerOptions): Promise<Server> {
  const handleHealth = healthHandler(health);
  const server = createTimedServer(timeouts, (req, res) => {
    if (!handleHealth(req, res, pathOf(req.url)))
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  return listen(server, { host, port, variable: 'BUZZ_HEALTH_PORT' });
}
