import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYST_QUERIES, renderAnalystQuery } from '../src/export/analyst-query.js';
import { LocalSink } from '../src/export/local.sink.js';
import { encodeRow } from '../src/export/row-encoder.js';
import { schemaOf, TABLE_SCHEMAS } from '../src/export/table-schemas.js';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { REPO_ROOT, temporaryDir } from './support/test-config.js';

const T0 = Date.parse('2021-05-10T12:00:00Z');
const SINCE = '2021-05-10T00:00:00.000Z';

const read = (name: string) => readFileSync(join(REPO_ROOT, 'sql', `${name}.sql`), 'utf8');

/**
 * The analyst queries shipped in `sql/`, run on the local sink's SQLite tables after a conversation
 * that ends in a fill: discussion → thesis → signal → order → fill, plus a throttled signal.
 */
describe('analyst queries on the local sink', () => {
  let sqlite: SqliteConnection;
  let next = 0;

  const write = async (table: string, values: Record<string, unknown>) => {
    const schema = schemaOf(table);
    if (!schema) throw new Error(table);
    const encoded = encodeRow(schema, values);
    if (!encoded.ok) throw new Error(encoded.message);
    next += 1;
    await sink.write(schema, [{ insertId: String(next), row: encoded.row }]);
  };
  let sink: LocalSink;
  const run = (name: string) =>
    sqlite.db.prepare(renderAnalystQuery(read(name), { kind: 'local' })).all({ since: SINCE });

  beforeAll(async () => {
    sqlite = new SqliteConnection(temporaryDir('ct-sql-'));
    sink = new LocalSink(sqlite);
    await sink.prepare(TABLE_SCHEMAS);
    const message = { symbol: 'BTCUSDT', outcome: 'accepted' };
    await write('discussions', {
      ...message,
      messageId: 'd1',
      agentId: 'qwen',
      to: ['deepseek-v3'],
      text: 'BTC risk?',
      ts: T0,
    });
    await write('theses', {
      ...message,
      messageId: 't1',
      correlationId: 'd1',
      agentId: 'deepseek-v3',
      text: 'long BTC',
      ts: T0 + 1_000,
    });
    await write('signals', {
      ...message,
      messageId: 's1',
      correlationId: 't1',
      agentId: 'freqtrade-hft',
      side: 'buy',
      confidence: 0.8,
      ts: T0 + 2_000,
    });
    await write('signals', {
      ...message,
      messageId: 's2',
      agentId: 'freqtrade-hft',
      side: 'buy',
      outcome: 'throttled',
      ts: T0 + 3_000,
    });
    await write('signals', {
      ...message,
      messageId: 's-old',
      agentId: 'freqtrade-hft',
      side: 'sell',
      ts: T0 - 2 * 86_400_000,
    });
    const order = {
      clientOrderId: 'o1',
      agentId: 'freqtrade-hft',
      symbol: 'BTCUSDT',
      side: 'buy',
      quantity: 0.5,
      signalId: 's1',
      correlationId: 't1',
    };
    await write('orders', { ...order, status: 'filled', createdAt: T0 + 2_100 });
    await write('fills', { ...order, price: 40_000, feeUsd: 15, ts: T0 + 2_200 });
    await write('agent_activity', {
      agentId: 'freqtrade-hft',
      role: 'hft',
      activityScore: 1.5,
      sent: 3,
      participationThreshold: 0.3,
      ts: T0 + 10_000,
    });
    await write('portfolio_snapshots', {
      agentId: 'freqtrade-hft',
      equityUsd: 20_010,
      pnlUsd: 5,
      allocationPct: 20,
      ts: T0 + 10_000,
    });
    await write('portfolio_snapshots', {
      agentId: 'freqtrade-hft',
      equityUsd: 20_020,
      pnlUsd: 12,
      allocationPct: 21,
      ts: T0 + 20_000,
    });
  });

  afterAll(() => sqlite.close());

  it('traces a fill back to its order, signal, thesis and discussion', () => {
    expect(run('lineage')).toEqual([
      expect.objectContaining({
        agent_id: 'freqtrade-hft',
        client_order_id: 'o1',
        order_status: 'filled',
        signal_id: 's1',
        thesis_id: 't1',
        thesis_agent_id: 'deepseek-v3',
        discussion_id: 'd1',
        discussion_agent_id: 'qwen',
        discussion_text: 'BTC risk?',
      }),
    ]);
  });

  it('counts throttled messages per agent since the given time', () => {
    const rows = run('throttling');
    expect(rows[0]).toMatchObject({
      agent_id: 'freqtrade-hft',
      messages: 2,
      throttled: 1,
      throttled_ratio: 0.5,
      signals_throttled_ratio: 0.5,
      max_activity_score: 1.5,
    });
    expect(rows).toContainEqual(expect.objectContaining({ agent_id: 'qwen', throttled: 0 }));
  });

  it('shows who answers whom', () => {
    expect(run('communication-patterns')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          agent_id: 'qwen',
          kind: 'discussion',
          messages: 1,
          replies_received: 1,
          distinct_repliers: 1,
        }),
        expect.objectContaining({ agent_id: 'deepseek-v3', kind: 'thesis', replies_received: 1 }),
        expect.objectContaining({
          agent_id: 'freqtrade-hft',
          kind: 'signal',
          messages: 2,
          accepted: 1,
          throttled: 1,
        }),
      ]),
    );
  });

  it('credits each agent with its fills, its signals and the theses behind fills', () => {
    const rows = run('agent-contribution');
    expect(rows).toContainEqual(
      expect.objectContaining({
        agent_id: 'freqtrade-hft',
        fills: 1,
        notional_usd: 20_000,
        fees_usd: 15,
        signals_sent: 2,
        signals_filled: 1,
        latest_pnl_usd: 12,
        latest_allocation_pct: 21,
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ agent_id: 'deepseek-v3', theses_behind_fills: 1 }),
    );
  });

  it('renders the same files for BigQuery with fully qualified tables', () => {
    for (const name of ANALYST_QUERIES) {
      const sql = renderAnalystQuery(read(name), {
        kind: 'bigquery',
        project: 'p-1',
        dataset: 'cloud_trader',
      });
      expect(sql).not.toMatch(/\{\{|analytics_/);
      expect(sql).toMatch(/`p-1\.cloud_trader\.\w+`/);
    }
    expect(() => renderAnalystQuery('SELECT * FROM {{trades}}', { kind: 'local' })).toThrow(
      'unknown table: trades',
    );
  });
});
