import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { BigQueryTestServer } from './support/bigquery-test-server.js';
import { serviceLauncher } from './support/service-launcher.js';
import { temporaryDir } from './support/test-config.js';

interface AcknowledgedRow {
  id: number;
  stream: string;
  payload: string;
}

/**
 * The built service exporting to BigQuery (the real client, through BIGQUERY_API_ENDPOINT, at a REST
 * server in this test) is killed with SIGKILL while an insertAll is in flight, then restarted: every
 * row the outbox had acknowledged (committed) reaches the warehouse, under the same insertId, once after
 * de-duplication. BigQuery rather than the local sink, because only a remote sink has rows in flight.
 */
describe('export across kill -9', () => {
  let server: BigQueryTestServer;
  const launch = serviceLauncher();

  beforeEach(async () => {
    server = await BigQueryTestServer.start();
  });

  afterEach(() => server.close());

  const start = async (dataDir: string) => {
    const service = await launch({
      DATA_DIR: dataDir,
      GCP_PROJECT_ID: 'cloud-trader-test',
      BIGQUERY_API_ENDPOINT: server.url,
      REPLAY_BAR_INTERVAL_MS: '50',
      LOG_LEVEL: 'WARNING',
    });
    await service.ready();
    return service;
  };

  it('delivers every acknowledged row after a crash with an insertAll in flight', async () => {
    const dataDir = join(temporaryDir('ct-crash-'), 'data');
    server.hold();
    const first = await start(dataDir);
    await first.until(async () => {
      await server.whenHolding();
      return true;
    }, 20_000);
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const db = new BetterSqlite3(join(dataDir, 'cloud-trader.sqlite'));
    const acknowledged = db
      .prepare<[], AcknowledgedRow & { shipped_at: number | null }>(
        'SELECT id, stream, payload, shipped_at FROM outbox ORDER BY id',
      )
      .all();
    db.close();
    expect(acknowledged.length).toBeGreaterThan(0);
    // No insertAll was ever answered, so no row may count as shipped.
    expect(acknowledged.filter((row) => row.shipped_at !== null)).toEqual([]);
    const inFlight = server
      .insertAllRequests()
      .flatMap((r) => (r.body as { rows: { insertId: string }[] }).rows.map((row) => row.insertId));
    expect(inFlight.length).toBeGreaterThan(0);
    // BigQuery stores the batch that was in flight, but its answer never reaches the dead process.
    server.release();

    const second = await start(dataDir);
    const missing = () =>
      acknowledged.filter((row) => !server.rowsOf(row.stream).has(String(row.id)));
    await second.until(() => Promise.resolve(missing().length === 0 ? true : undefined), 30_000);

    for (const row of acknowledged) {
      const payload = JSON.parse(row.payload) as Record<string, unknown>;
      const stored = server.rowsOf(row.stream).get(String(row.id));
      expect(stored?.insert_id).toBe(String(row.id));
      if (payload.messageId !== undefined) expect(stored?.message_id).toBe(payload.messageId);
    }
    // The in-flight rows were sent again under the same insertId: the warehouse de-duplicates them.
    const sentByInsertId = new Map<string, number>();
    for (const row of server.received)
      sentByInsertId.set(row.insertId, (sentByInsertId.get(row.insertId) ?? 0) + 1);
    expect(inFlight.every((id) => (sentByInsertId.get(id) ?? 0) >= 2)).toBe(true);
    const messageIds = [...server.rowsOf('signals').values()].map((r) => r.message_id);
    expect(new Set(messageIds).size).toBe(messageIds.length);
  }, 90_000);
});
