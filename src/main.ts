import { loadBrain } from './app';
import { ConfigError, isAuthenticated, loadDotEnv, parseConfig } from './config';
import { DataError } from './data/data-error';
import { createLogger, errorFields } from './log';
import { createService, type Service } from './server/service';

/** Entry point: read the configuration, build the service, listen, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  loadDotEnv();
  const config = parseConfig(process.env);
  const log = createLogger(config.LOG_LEVEL, config.VERBOSE_LOGGING);
  // Signals are handled from the start: Ctrl+C while the knowledge base loads stops cleanly too.
  const running: { service?: Service } = {};
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('service.stopping', { signal });
    const { service } = running;
    if (!service) process.exit(0);
    // close() ends every connection after SHUTDOWN_GRACE_MS: this is only a last resort.
    const force = setTimeout(() => process.exit(1), config.SHUTDOWN_GRACE_MS + 5_000);
    force.unref();
    service.close().then(
      () => {
        log.info('service.stopped');
        process.exit(0);
      },
      (err: unknown) => {
        log.error('service.stop.error', errorFields(err));
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  const brain = await loadBrain();
  const service = createService({ config, brain, log });
  running.service = service;
  const port = await service.listen(config.PORT, config.HOST);
  log.info('service.started', {
    url: `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`,
    auth: isAuthenticated(config) ? 'bot-framework' : 'local',
    storage: config.STORAGE,
    entries: brain.kb.entries.length,
  });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
