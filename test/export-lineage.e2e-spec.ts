import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { type ServiceProcess } from './support/service-process.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';

/** 20 kills, as the issue asks (about two minutes); `CRASH_ITERATIONS` sets another count. */
const ITERATIONS = Number(process.env.CRASH_ITERATIONS ?? 20);

interface Lineage {
  fills: number;
  withoutSignal: string[];
  withoutOrder: string[];
}

/** Exported fills whose signal or order never reached the export (the local analytics tables). */
function exportedLineage(dataDir: string): Lineage {
  const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
  try {
    const ids = (sql: string) => (db.prepare(sql).all() as { id: string }[]).map((r) => r.id);
    return {
      fills: (db.prepare('SELECT COUNT(*) AS n FROM analytics_fills').get() as { n: number }).n,
      withoutSignal: ids(
        `SELECT f.signal_id AS id FROM analytics_fills f
         WHERE NOT EXISTS (SELECT 1 FROM analytics_signals s WHERE s.message_id = f.signal_id)`,
      ),
      withoutOrder: ids(
        `SELECT f.client_order_id AS id FROM analytics_fills f
         WHERE NOT EXISTS (SELECT 1 FROM analytics_orders o WHERE o.client_order_id = f.client_order_id)`,
      ),
    };
  } finally {
    db.close();
  }
}

function unshipped(dataDir: string): number {
  const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
  try {
    return (
      db.prepare('SELECT COUNT(*) AS n FROM outbox WHERE shipped_at IS NULL').get() as { n: number }
    ).n;
  } finally {
    db.close();
  }
}

/**
 * The built service trades a bar every 20 ms and exports to its local analytics tables; it is killed
 * with SIGKILL at a random moment, again and again. Signals are group-committed while fills commit at
 * once, so a fill's signal must be committed before its order: after the crashes and a final drain,
 * every exported fill's signal and order are exported too.
 */
describe(`export lineage across ${ITERATIONS} kill -9s`, () => {
  const launch = serviceLauncher();
  const start = async (dataDir: string, barMs: string) => {
    const service = await launch({
      DATA_DIR: dataDir,
      REPLAY_BAR_INTERVAL_MS: barMs,
      ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      LOG_LEVEL: 'ERROR',
    });
    await service.ready();
    return service;
  };
  const fillsShown = async (service: ServiceProcess) =>
    (await service.get<PortfolioStatusDto>('/portfolio-status')).agents.reduce(
      (s, a) => s + a.fills,
      0,
    );

  it(
    'exports every fill with its signal and its order',
    async () => {
      const dataDir = join(temporaryDir('ct-lineage-'), 'data');
      let fillsBefore = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const trader = await start(dataDir, '20');
        fillsBefore = await trader.until(async () => {
          const fills = await fillsShown(trader);
          return fills > fillsBefore ? fills : undefined;
        }, 30_000);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_500));
        trader.kill('SIGKILL');
        expect((await trader.exited).signal).toBe('SIGKILL');
      }

      // A still market: nothing new trades while the exporter ships what the crashes left behind.
      const reader = await start(dataDir, '300000');
      await reader.until(
        () => Promise.resolve(unshipped(dataDir) === 0 ? true : undefined),
        30_000,
      );
      reader.kill('SIGTERM');
      await reader.exited;

      const lineage = exportedLineage(dataDir);
      expect(lineage.fills).toBeGreaterThanOrEqual(ITERATIONS);
      expect(lineage.withoutSignal).toEqual([]);
      expect(lineage.withoutOrder).toEqual([]);
    },
    60_000 + ITERATIONS * 20_000,
  );
});
