import { Logger } from '@nestjs/common';
import { createAnalyticsSink } from '../src/export/export.module.js';
import { DeadLetterRepository } from '../src/export/dead-letter.repository.js';
import { ExportMetrics } from '../src/export/export.metrics.js';
import { MetricsRegistry } from '../src/platform/metrics-registry.js';
import { ExportBackoff } from '../src/export/export-backoff.js';
import { EXPORT_BATCH_ROWS, OutboxShipper } from '../src/export/outbox-shipper.service.js';
import { TABLE_SCHEMAS } from '../src/export/table-schemas.js';
import { AUDIT_LOG_STREAM } from '../src/access/audit-entry.js';
import { AuditLogRepository } from '../src/access/audit-log.repository.js';
import { ManualClock } from '../src/platform/clock.js';
import { Outbox } from '../src/platform/outbox.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { BigQueryTestServer, type StoredTable } from './support/bigquery-test-server.js';
import { temporaryDir, testConfig } from './support/test-config.js';
import { SystemTimers } from '../src/platform/timers.js';

const PROJECT = 'cloud-trader-test';
const DATASET = 'cloud_trader';
const DAY_MS = 24 * 60 * 60 * 1000;

interface InsertAllBody {
  rows: { insertId: string; json: Record<string, unknown> }[];
}

/**
 * The exporter with the real `@google-cloud/bigquery` client, pointed through BIGQUERY_API_ENDPOINT at a
 * BigQuery REST server in this process, on real SQLite and a manual clock.
 */
describe('export to BigQuery through its REST protocol', () => {
  let server: BigQueryTestServer;
  let sqlite: SqliteConnection;
  let clock: ManualClock;
  let outbox: Outbox;
  let shipper: OutboxShipper;
  let deadLetters: DeadLetterRepository;
  let sequence = 0;

  const start = (env: Record<string, string> = {}) => {
    const config = testConfig({
      GCP_PROJECT_ID: PROJECT,
      BIGQUERY_API_ENDPOINT: server.url,
      ...env,
    });
    sqlite = new SqliteConnection(temporaryDir('ct-bq-'));
    clock = new ManualClock(Date.parse('2021-05-10T00:00:00Z'));
    // One manual clock stands for market and wall time here: the test moves both.
    outbox = new Outbox(sqlite, clock, clock);
    deadLetters = new DeadLetterRepository(sqlite, outbox, clock);
    shipper = new OutboxShipper(
      outbox,
      createAnalyticsSink(config, sqlite),
      clock,
      new SystemTimers(),
      deadLetters,
      new ExportBackoff(clock, { initialMs: 1_000, maxMs: 60_000 }, () => 0.5),
    );
  };

  const signal = (extra: Record<string, unknown> = {}) => {
    sequence += 1;
    outbox.append('signals', {
      messageId: `sig-${sequence}`,
      correlationId: `thesis-${sequence % 7}`,
      agentId: 'freqtrade-hft',
      symbol: 'BTCUSDT',
      side: 'buy',
      confidence: 0.6,
      outcome: 'accepted',
      ts: clock.now(),
      ...extra,
    });
  };
  const insertBodies = () => server.insertAllRequests().map((r) => r.body as InsertAllBody);
  const insertIdsOf = (body: InsertAllBody) => body.rows.map((r) => r.insertId);
  const outboxIds = () =>
    sqlite.db
      .prepare<[], { id: number }>('SELECT id FROM outbox ORDER BY id')
      .all()
      .map((r) => String(r.id));

  beforeAll(() => {
    Logger.overrideLogger(false);
  });
  afterAll(() => {
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  beforeEach(async () => {
    server = await BigQueryTestServer.start();
    sequence = 0;
  });

  afterEach(async () => {
    sqlite.close();
    await server.close();
  });

  it('creates the dataset and all nine tables: schema, day partitions on the event time, clustering, expiration', async () => {
    start();
    await shipper.shipOnce();

    expect(server.requests.slice(0, 2).map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /bigquery/v2/projects/${PROJECT}/datasets/${DATASET}`,
      `POST /bigquery/v2/projects/${PROJECT}/datasets`,
    ]);
    expect([...server.tables.keys()].sort()).toEqual(
      [
        'agent_activity',
        'allocations',
        'audit_log',
        'discussions',
        'fills',
        'orders',
        'portfolio_snapshots',
        'signals',
        'theses',
      ].map((t) => `${DATASET}.${t}`),
    );
    const signals = server.tables.get(`${DATASET}.signals`) as StoredTable;
    expect(signals.tableReference).toEqual({
      projectId: PROJECT,
      datasetId: DATASET,
      tableId: 'signals',
    });
    expect(signals.timePartitioning).toEqual({
      type: 'DAY',
      field: 'ts',
      expirationMs: String(180 * DAY_MS),
    });
    expect(signals.clustering).toEqual({ fields: ['agent_id', 'symbol'] });
    expect(signals.schema.fields.slice(0, 4)).toEqual([
      { name: 'insert_id', type: 'STRING', mode: 'REQUIRED', description: 'outbox id' },
      { name: 'message_id', type: 'STRING', mode: 'REQUIRED' },
      { name: 'correlation_id', type: 'STRING', mode: 'NULLABLE' },
      { name: 'agent_id', type: 'STRING', mode: 'REQUIRED' },
    ]);
    expect(signals.schema.fields.find((f) => f.name === 'ts')).toEqual({
      name: 'ts',
      type: 'TIMESTAMP',
      mode: 'REQUIRED',
    });
    // The audit trail is no bus lineage: its own columns, clustered by token and route.
    for (const schema of TABLE_SCHEMAS.filter((s) => s.table !== AUDIT_LOG_STREAM)) {
      const table = server.tables.get(`${DATASET}.${schema.table}`) as StoredTable;
      const names = table.schema.fields.map((f) => f.name);
      expect(names).toEqual(
        expect.arrayContaining(['insert_id', 'message_id', 'correlation_id', 'agent_id', 'ts']),
      );
      expect(table.timePartitioning?.field).toBe('ts');
      expect(table.clustering?.fields[0]).toBe('agent_id');
    }
    expect(server.tables.get(`${DATASET}.fills`)?.clustering).toEqual({
      fields: ['agent_id', 'symbol'],
    });
    expect(server.tables.get(`${DATASET}.portfolio_snapshots`)?.clustering).toEqual({
      fields: ['agent_id'],
    });
    // No Google credentials travel to an endpoint set by BIGQUERY_API_ENDPOINT.
    expect(server.requests.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('adds the missing nullable columns to a lagging table and applies the configured expiration', async () => {
    server.datasets.add(DATASET);
    server.tables.set(`${DATASET}.fills`, {
      tableReference: { projectId: PROJECT, datasetId: DATASET, tableId: 'fills' },
      schema: {
        fields: [
          { name: 'insert_id', type: 'STRING', mode: 'REQUIRED' },
          { name: 'client_order_id', type: 'STRING', mode: 'REQUIRED' },
          { name: 'ts', type: 'TIMESTAMP', mode: 'REQUIRED' },
        ],
      },
      timePartitioning: { type: 'DAY', field: 'ts', expirationMs: String(180 * DAY_MS) },
      clustering: { fields: ['agent_id', 'symbol'] },
    });
    start({ BIGQUERY_PARTITION_EXPIRATION_DAYS: '30' });
    await shipper.shipOnce();

    const patches = server.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.path)).toContain(
      `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/fills`,
    );
    const fills = server.tables.get(`${DATASET}.fills`) as StoredTable;
    expect(fills.schema.fields.slice(0, 3).map((f) => f.name)).toEqual([
      'insert_id',
      'client_order_id',
      'ts',
    ]);
    const added = fills.schema.fields.slice(3);
    expect(added.map((f) => f.name)).toEqual(
      expect.arrayContaining(['message_id', 'correlation_id', 'agent_id', 'price', 'fee_usd']),
    );
    expect(added.every((f) => f.mode === 'NULLABLE')).toBe(true);
    expect(fills.timePartitioning).toEqual({
      type: 'DAY',
      field: 'ts',
      expirationMs: String(30 * DAY_MS),
    });
  });

  it('exports each audit entry to audit_log with its token, route, states and both times', async () => {
    start();
    const audit = new AuditLogRepository(sqlite, outbox);
    const entry = audit.record({
      tokenName: 'desk',
      tokenScope: 'operator',
      method: 'POST',
      route: '/set-participation-threshold/:agent_id',
      path: '/set-participation-threshold/qwen',
      status: 200,
      clientAddress: '10.0.0.7',
      requestJson: '{"threshold":0.4}',
      beforeJson: '{"agentId":"qwen","threshold":0.5}',
      afterJson: '{"agentId":"qwen","threshold":0.4}',
      ts: clock.now(),
      recordedAt: Date.parse('2026-12-03T09:00:00.123Z'),
    });
    await shipper.shipOnce();

    const table = server.tables.get(`${DATASET}.audit_log`) as StoredTable;
    expect(table.timePartitioning?.field).toBe('ts');
    expect(table.clustering).toEqual({ fields: ['token_name', 'route'] });
    const [request] = server
      .insertAllRequests()
      .filter((r) => r.path.endsWith('/tables/audit_log/insertAll'));
    expect((request.body as InsertAllBody).rows).toEqual([
      {
        insertId: outboxIds()[0],
        json: {
          insert_id: outboxIds()[0],
          audit_id: entry.auditId,
          token_name: 'desk',
          token_scope: 'operator',
          method: 'POST',
          route: '/set-participation-threshold/:agent_id',
          path: '/set-participation-threshold/qwen',
          status: 200,
          client_address: '10.0.0.7',
          request_json: '{"threshold":0.4}',
          before_json: '{"agentId":"qwen","threshold":0.5}',
          after_json: '{"agentId":"qwen","threshold":0.4}',
          ts: '2021-05-10T00:00:00.000Z',
          recorded_at: '2026-12-03T09:00:00.123Z',
        },
      },
    ]);
    expect(outbox.backlog()).toBe(0);
  });

  it('sends at most 500 rows per insertAll, the outbox id as insertId, the same id on every retry', async () => {
    start();
    await shipper.shipOnce();
    for (let i = 0; i < 1_200; i++) signal();
    outbox.flush();
    server.outageStatus = 503;
    await shipper.shipOnce();
    const failedBodies = insertBodies();
    server.outageStatus = undefined;
    clock.advance(60_000);
    await shipper.shipOnce();

    const bodies = insertBodies();
    expect(bodies.every((b) => b.rows.length <= EXPORT_BATCH_ROWS)).toBe(true);
    const [request] = server.insertAllRequests();
    expect(request).toMatchObject({
      method: 'POST',
      path: `/bigquery/v2/projects/${PROJECT}/datasets/${DATASET}/tables/signals/insertAll`,
      headers: { 'content-type': 'application/json' },
    });
    expect(Object.keys(request.body as object).sort()).toEqual([
      'ignoreUnknownValues',
      'rows',
      'skipInvalidRows',
    ]);
    expect(request.body).toMatchObject({ skipInvalidRows: true, ignoreUnknownValues: false });
    const retried = bodies.slice(failedBodies.length);
    const sentIds = retried.flatMap(insertIdsOf);
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(sentIds.sort()).toEqual(outboxIds().sort());
    // What a failed request carried went again under the same insertId with the same row.
    const firstTry = new Map(failedBodies.flatMap((b) => b.rows.map((r) => [r.insertId, r.json])));
    expect(firstTry.size).toBeGreaterThan(0);
    for (const row of retried.flatMap((b) => b.rows)) {
      if (firstTry.has(row.insertId)) expect(row.json).toEqual(firstTry.get(row.insertId));
      expect(row.json.insert_id).toBe(row.insertId);
    }
    expect(server.rowsOf('signals').size).toBe(1_200);
    expect(outbox.backlog()).toBe(0);
  });

  it('loses nothing through a 10-minute outage of 500s and 503s, doubles nothing after de-duplication, and drains', async () => {
    start();
    await shipper.shipOnce();
    server.outageStatus = 503;
    const outageStart = clock.now();
    const requestsBefore = server.insertAllRequests().length;
    for (let second = 0; second < 600; second++) {
      server.outageStatus = second % 2 === 0 ? 503 : 500;
      for (let i = 0; i < 20; i++) signal();
      outbox.flush();
      clock.advance(1_000);
      await shipper.shipOnce();
    }
    expect(clock.now() - outageStart).toBe(600_000);
    expect(outbox.backlog()).toBe(12_000);
    // Back-off: a handful of attempts a minute, not one a second.
    expect(server.insertAllRequests().length - requestsBefore).toBeLessThan(60);

    server.outageStatus = undefined;
    for (let tick = 0; tick < 120 && outbox.backlog() > 0; tick++) {
      clock.advance(1_000);
      await shipper.shipOnce();
    }
    expect(outbox.backlog()).toBe(0);
    const stored = server.rowsOf('signals');
    expect(stored.size).toBe(12_000);
    const messageIds = [...stored.values()].map((r) => r.message_id);
    expect(new Set(messageIds).size).toBe(12_000);
    expect(shipper.totals.of('signals', 'sent')).toBe(12_000);
    expect(shipper.totals.of('signals', 'retried')).toBeGreaterThan(0);
    expect(shipper.totals.failures).toBeGreaterThan(0);
    expect(shipper.totals.lastSuccessMs).toBe(clock.now());

    // Shipped rows stay for inspection, then go after the retention (test/local-retention.medium-spec.ts).
    expect(sqlite.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 12_000 });
  });

  it('resends only the rows that failed in a partial failure', async () => {
    start();
    for (let i = 0; i < 10; i++) signal();
    outbox.flush();
    const ids = outboxIds();
    server.failRow(ids[3], 'backendError', 'try again');
    server.failRow(ids[7], 'backendError', 'try again');
    await shipper.shipOnce();
    expect(insertIdsOf(insertBodies()[0])).toEqual(ids);
    expect(outbox.backlog()).toBe(2);

    await shipper.shipOnce();
    expect(insertBodies()).toHaveLength(1);
    clock.advance(1_000);
    await shipper.shipOnce();
    expect(insertIdsOf(insertBodies()[1])).toEqual([ids[3], ids[7]]);
    expect(server.rowsOf('signals').size).toBe(10);
    expect(server.received).toHaveLength(10);
    expect(shipper.totals.of('signals', 'retried')).toBe(2);
  });

  it('dead-letters a row BigQuery rejects as invalid, with its reason, and never sends it again', async () => {
    start();
    for (let i = 0; i < 5; i++) signal();
    // A row of a stream this version does not know, as an older or newer one may have left.
    outbox.flush();
    sqlite.db
      .prepare('INSERT INTO outbox (stream, payload, created_at) VALUES (?, ?, ?)')
      .run('mystery', JSON.stringify({ ts: clock.now() }), clock.now());
    signal({ agentId: undefined });
    outbox.flush();
    const ids = outboxIds();
    server.failRow(ids[2], 'invalid', 'no such field: leverage.', 1_000);
    await shipper.shipOnce();
    clock.advance(120_000);
    await shipper.shipOnce();

    expect(insertBodies()).toHaveLength(1);
    expect(server.rowsOf('signals').size).toBe(4);
    expect(outbox.backlog()).toBe(0);
    const letters = deadLetters.recent(10).sort((a, b) => a.outboxId - b.outboxId);
    expect(letters.map((l) => [String(l.outboxId), l.stream, l.reason, l.message])).toEqual([
      [ids[2], 'signals', 'invalid', 'no such field: leverage.'],
      [ids[5], 'mystery', 'unknown-stream', 'no table for stream mystery'],
      [ids[6], 'signals', 'invalid', 'agent_id is required'],
    ]);
    expect(JSON.parse(letters[0].payload)).toMatchObject({ messageId: 'sig-3' });
    expect(shipper.totals.of('signals', 'dead_lettered')).toBe(2);
    expect(shipper.totals.of('mystery', 'dead_lettered')).toBe(1);
  });

  it('dead-letters a row whose stored payload is not a JSON object, and ships its neighbours', async () => {
    start();
    for (let i = 0; i < 3; i++) signal();
    outbox.flush();
    const ids = outboxIds();
    sqlite.db.prepare("UPDATE outbox SET payload = '[1, 2' WHERE id = ?").run(Number(ids[1]));
    await shipper.shipOnce();

    expect(insertIdsOf(insertBodies()[0])).toEqual([ids[0], ids[2]]);
    expect(outbox.backlog()).toBe(0);
    const [letter] = deadLetters.recent(10);
    expect(letter).toMatchObject({
      outboxId: Number(ids[1]),
      reason: 'invalid',
      message: 'payload is not a JSON object',
      payload: '[1, 2',
    });
  });

  it('halves a batch BigQuery refuses whole until the row behind it stands alone, and dead-letters only that row', async () => {
    start();
    await shipper.shipOnce();
    for (let i = 0; i < 8; i++) signal();
    outbox.flush();
    const ids = outboxIds();
    server.refuseRequestsWith(ids[5]);
    await shipper.shipOnce();

    expect(insertBodies().map((b) => b.rows.length)).toEqual([8, 4, 4, 2, 1, 1, 2]);
    expect([...server.rowsOf('signals').keys()].sort()).toEqual(
      ids.filter((_, i) => i !== 5).sort(),
    );
    expect(deadLetters.recent(10).map((l) => [String(l.outboxId), l.reason])).toEqual([
      [ids[5], 'invalid'],
    ]);
    expect(outbox.backlog()).toBe(0);
  });

  it('reports rows by table and outcome, the backlog, failures and the last success to Prometheus', async () => {
    start();
    const sink = createAnalyticsSink(
      testConfig({ GCP_PROJECT_ID: PROJECT, BIGQUERY_API_ENDPOINT: server.url }),
      sqlite,
    );
    const registry = new MetricsRegistry();
    new ExportMetrics(registry, shipper, outbox, sink).onModuleInit();
    await shipper.shipOnce();
    for (let i = 0; i < 3; i++) signal();
    outbox.flush();
    const ids = outboxIds();
    server.failRow(ids[0], 'backendError', 'try again');
    server.failRow(ids[1], 'invalid', 'no such field: leverage.');
    await shipper.shipOnce();
    signal();
    outbox.flush();

    const text = await registry.scrape();
    expect(text).toContain('export_rows_total{table="signals",outcome="sent"} 1');
    expect(text).toContain('export_rows_total{table="signals",outcome="retried"} 1');
    expect(text).toContain('export_rows_total{table="signals",outcome="dead_lettered"} 1');
    expect(text).toContain('export_backlog_rows 2');
    expect(text).toContain('export_failures_total{sink="bigquery"} 0');
    expect(text).toContain(`export_last_success_timestamp_seconds ${clock.now() / 1000}`);
  });

  it('refuses to start on a partition expiration that is not a whole number of days', () => {
    for (const bad of ['0', '-3', '1.5', 'forever']) {
      expect(() => testConfig({ BIGQUERY_PARTITION_EXPIRATION_DAYS: bad })).toThrow(
        /BIGQUERY_PARTITION_EXPIRATION_DAYS/,
      );
    }
    expect(testConfig().export.bigQueryPartitionExpirationDays).toBe(180);
  });

  it('prepares the tables again when one disappears, and ships after the back-off', async () => {
    start();
    await shipper.shipOnce();
    server.tables.delete(`${DATASET}.signals`);
    signal();
    outbox.flush();
    await shipper.shipOnce();
    expect(outbox.backlog()).toBe(1);
    clock.advance(1_000);
    await shipper.shipOnce();
    expect(server.tables.has(`${DATASET}.signals`)).toBe(true);
    expect(server.rowsOf('signals').size).toBe(1);
    expect(outbox.backlog()).toBe(0);
  });
});
