import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { PortfolioStatusDto } from '../src/orchestration/portfolio.dto.js';
import { freePort, MAIN, ServiceProcess } from './support/service-process.js';
import { temporaryDir, TEST_ADMIN_TOKEN } from './support/test-config.js';

const CAP_MB = 16;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fills per agent as the service shows them, and as the SQLite file holds them. */
async function fillsShown(service: ServiceProcess): Promise<Record<string, number>> {
  const status = await service.get<PortfolioStatusDto>('/portfolio-status');
  return Object.fromEntries(
    status.agents.filter((a) => a.fills > 0).map((a) => [a.agentId, a.fills]),
  );
}

function fillsStored(db: BetterSqlite3.Database): Record<string, number> {
  const rows = db.prepare('SELECT agent_id, COUNT(*) AS n FROM fills GROUP BY agent_id').all() as {
    agent_id: string;
    n: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.agent_id, r.n]));
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((s, n) => s + n, 0);

/**
 * The built service trades with its database capped (`SQLITE_MAX_SIZE_MB`); the test fills the
 * "disk" to the cap from its own connection, then frees it. Documented behaviour: not ready and no
 * trading while writes fail, one log line, and back to ready and trading once a write succeeds.
 */
describe('a full disk', () => {
  let service: ServiceProcess | undefined;

  beforeAll(() => {
    if (!existsSync(MAIN))
      throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  });

  afterEach(async () => {
    if (service && service.child.exitCode === null && service.child.signalCode === null)
      service.kill('SIGKILL');
    await service?.exited;
  });

  it('takes readiness down within 1 s, records every order and fill it shows, and recovers', async () => {
    const dataDir = join(temporaryDir('ct-full-disk-'), 'data');
    service = ServiceProcess.start(
      {
        DATA_DIR: dataDir,
        REPLAY_BAR_INTERVAL_MS: '40',
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        SQLITE_MAX_SIZE_MB: String(CAP_MB),
      },
      await freePort(),
    );
    const trader = service;
    await trader.ready();
    await trader.until(
      async () => (total(await fillsShown(trader)) > 0 ? true : undefined),
      30_000,
    );

    const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'));
    db.pragma('busy_timeout = 5000');
    try {
      // Fill the file past the service's cap: from now on it cannot allocate a page.
      const bytes = () =>
        (db.pragma('page_count', { simple: true }) as number) *
        (db.pragma('page_size', { simple: true }) as number);
      db.exec('CREATE TABLE disk_filler (b BLOB)');
      db.prepare('INSERT INTO disk_filler VALUES (zeroblob(?))').run(
        CAP_MB * 1024 * 1024 - bytes() + 512 * 1024,
      );
      const full = performance.now();

      let readyz = await fetch(trader.url('/readyz'));
      while (readyz.status === 200 && performance.now() - full < 5_000) {
        await sleep(20);
        readyz = await fetch(trader.url('/readyz'));
      }
      expect(readyz.status).toBe(503);
      expect(performance.now() - full).toBeLessThan(1_000);
      expect(JSON.stringify(await readyz.json())).toContain('SQLITE_FULL');
      expect((await fetch(trader.url('/healthz'))).status).toBe(200);

      // Paused: while writes fail no order goes out and no fill appears, in the API or the file.
      const shownAtFault = await fillsShown(trader);
      const ordersAtFault = db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number };
      await sleep(2_000);
      expect(await fillsShown(trader)).toEqual(shownAtFault);
      expect(fillsStored(db)).toEqual(shownAtFault);
      expect(db.prepare('SELECT COUNT(*) AS n FROM orders').get()).toEqual(ordersAtFault);
      expect((await fetch(trader.url('/readyz'))).status).toBe(503);
      const metrics = await (await fetch(trader.url('/metrics'))).text();
      expect(metrics).toMatch(/^sqlite_writable 0$/m);
      const faultLines = trader.output.split('\n').filter((l) => l.includes('SQLite writes fail'));
      expect(faultLines).toHaveLength(1);
      expect(faultLines[0]).toContain('SQLITE_FULL');
      expect(faultLines[0]).toContain('trading paused');

      // Space comes back: ready again, trading again, every fill shown is stored.
      db.exec('DROP TABLE disk_filler');
      await trader.until(
        async () => ((await fetch(trader.url('/readyz'))).status === 200 ? true : undefined),
        5_000,
      );
      expect(trader.output).toContain('SQLite writes succeed again');
      await trader.until(
        async () => (total(await fillsShown(trader)) > total(shownAtFault) ? true : undefined),
        30_000,
      );
      expect(
        (await fetch(trader.url('/metrics')).then((r) => r.text())).match(/^sqlite_writable 1$/m),
      ).not.toBeNull();
    } finally {
      db.close();
    }

    trader.kill('SIGTERM');
    expect(await trader.exited).toEqual({ code: 0, signal: null });
    const after = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'), { readonly: true });
    try {
      const stored = fillsStored(after);
      // Every fill row has its order row, and the export got every fill that was stored.
      expect(
        after
          .prepare(
            'SELECT COUNT(*) AS n FROM fills f LEFT JOIN orders o USING (client_order_id) WHERE o.client_order_id IS NULL',
          )
          .get(),
      ).toEqual({ n: 0 });
      expect(
        after.prepare("SELECT COUNT(*) AS n FROM outbox WHERE stream = 'fills'").get(),
      ).toEqual({ n: total(stored) });
    } finally {
      after.close();
    }
    expect(existsSync(join(dataDir, 'cloud-trader.lock'))).toBe(false);
  }, 90_000);
});
