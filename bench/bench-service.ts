import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '../src/config/load-config.js';
import { createHttpApp } from '../src/http-app.js';
import { JsonLogger } from '../src/platform/json-logger.js';

/** Compiled into dist/bench, so the repository is two levels up. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789';

export interface ListeningService {
  readonly app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /** Closes the service and removes its data directory. */
  close(): Promise<void>;
}

/**
 * The whole service on a loopback port, on a fresh data directory and the bundled month, as `npm start`
 * builds it. The market replay is not started: each bench decides how the market moves.
 */
export async function listeningService(
  prefix: string,
  env: Record<string, string> = {},
): Promise<ListeningService> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const config = loadConfig(
    {
      DATA_DIR: join(dir, 'data'),
      MARKET_DATA_DIR: join(REPO_ROOT, 'assets', 'market'),
      ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      LOG_LEVEL: 'ERROR',
      ...env,
    },
    dir,
  );
  const app = await createHttpApp(config, new JsonLogger('ERROR'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
