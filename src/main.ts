import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createHttpApp } from './http-app.js';
import { DataDirLock, DataDirLockedError } from './platform/data-dir-lock.js';
import { JsonLogger } from './platform/json-logger.js';
import { Readiness } from './platform/readiness.js';
import { armShutdownDeadline } from './platform/timers.js';
import { MarketReplay } from './trading/market-replay.service.js';

/** SIGTERM must end the process within this, even if a module hangs while stopping. */
const SHUTDOWN_DEADLINE_MS = 5_000;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

async function stop(
  app: NestFastifyApplication,
  lock: DataDirLock,
  logger: JsonLogger,
  signal: string,
): Promise<void> {
  logger.log(`${signal} received: stopping`, 'Main');
  armShutdownDeadline(SHUTDOWN_DEADLINE_MS, () => {
    logger.error(`shutdown took longer than ${SHUTDOWN_DEADLINE_MS} ms; exiting`, 'Main');
    lock.release();
    process.exit(1);
  });
  app.get(Readiness).markStopping();
  await app.close();
  lock.release();
  logger.log('stopped cleanly', 'Main');
  process.exit(0);
}

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const logger = new JsonLogger(config.logLevel);
  let lock: DataDirLock;
  try {
    lock = DataDirLock.acquire(config.dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) fail(error.message);
    throw error;
  }
  try {
    const app = await createHttpApp(config, logger);
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => void stop(app, lock, logger, signal));
    }
    await app.listen({ port: config.port, host: config.host });
    app.get(Readiness).markReady();
    // Replayed bars start once everything is up, so no agent misses the first one.
    app.get(MarketReplay).start();
    const mode = config.trading.paper ? 'paper' : 'live';
    logger.log(
      `Cloud Trader ready on ${config.host}:${config.port} (${mode} trading, market data: ${config.trading.marketData}, reads ${config.access.readAuth ? 'need a token' : 'open'})`,
      'Main',
    );
  } catch (error) {
    lock.release();
    throw error;
  }
}

bootstrap().catch((error: unknown) =>
  fail(`Cloud Trader failed to start: ${error instanceof Error ? error.message : String(error)}`),
);
