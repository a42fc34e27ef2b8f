import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { adminTokenWhereabouts } from './access/admin-token.file.js';
import { ConfigError } from './config/config-error.js';
import { loadConfig } from './config/load-config.js';
import { createHttpApp } from './http-app.js';
import { DataDirLock, DataDirLockedError } from './platform/data-dir-lock.js';
import { FoldingLogger } from './platform/folding-logger.js';
import { JsonLogger } from './platform/json-logger.js';
import { PrettyLogger } from './platform/pretty-logger.js';
import { Readiness } from './platform/readiness.js';
import { armShutdownDeadline, SystemTimers } from './platform/timers.js';
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
  logger: FoldingLogger,
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
  logger.close();
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
  const format = config.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const lines =
    format === 'pretty' ? new PrettyLogger(config.logLevel) : new JsonLogger(config.logLevel);
  const logger = new FoldingLogger(lines, new SystemTimers());
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
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const base = `http://${host}:${config.port}`;
    const token = adminTokenWhereabouts(config.access.tokens, config.dataDir);
    logger.log(
      `Cloud Trader ready on ${base} (bound to ${config.host}; ${mode} trading, market data: ${config.trading.marketData}; reads ${config.access.readAuth ? 'need a token' : 'open'}) — ` +
        `dashboard ${base}/dashboard · API docs ${base}/docs · admin token ${token}`,
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
