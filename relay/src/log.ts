import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/** JSON lines on stdout, one object per event (CONTRACT §1). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'buzz-relay' }, timestamp: pino.stdTimeFunctions.isoTime });
}
