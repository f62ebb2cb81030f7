import { DRAIN_DEADLINE_MS, startRelay } from './app.ts';
import { ConfigError, parseConfig } from './config.ts';
import { createLogger } from './log.ts';

// The relay as a process (entered through main.ts). Start-up failures print one line and exit 1; SIGTERM and
// SIGINT stop it in the contract's order and exit 0 (or 1 if the drain overruns its 30 s bound).

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`buzz-relay: ${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel);
  let relay: Awaited<ReturnType<typeof startRelay>>;
  try {
    relay = await startRelay(config, { log });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.fatal({ error: message }, `start-up failed: ${message}`);
    process.stderr.write(`buzz-relay: start-up failed: ${message}\n`);
    log.flush();
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    log.info({ signal }, 'signal received');
    const hardExit = setTimeout(() => {
      log.error('shutdown did not finish within 30 s; exiting');
      process.exit(1);
    }, DRAIN_DEADLINE_MS + 5000);
    hardExit.unref();
    relay.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(`buzz-relay: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

await main();
