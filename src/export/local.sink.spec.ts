import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { LocalSink } from './local.sink.js';
import { encodeRow } from './row-encoder.js';
import { schemaOf, TABLE_SCHEMAS } from './table-schemas.js';

describe('LocalSink', () => {
  const open = () => new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-local-sink-')));
  const fills = schemaOf('fills');
  if (!fills) throw new Error('no fills schema');

  it('adds the columns a lagging table lacks, keeping its rows', async () => {
    const sqlite = open();
    sqlite.db.exec(
      'CREATE TABLE analytics_fills (insert_id TEXT PRIMARY KEY, client_order_id TEXT)',
    );
    sqlite.db.exec("INSERT INTO analytics_fills VALUES ('1', 'o-1')");
    await new LocalSink(sqlite).prepare(TABLE_SCHEMAS);
    const columns = sqlite.db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('analytics_fills')")
      .all()
      .map((c) => c.name);
    expect(columns).toEqual(expect.arrayContaining(fills.columns.map((c) => c.name)));
    expect(sqlite.db.prepare('SELECT client_order_id FROM analytics_fills').all()).toEqual([
      { client_order_id: 'o-1' },
    ]);
    sqlite.close();
  });

  it('stores a row shipped twice once', async () => {
    const sqlite = open();
    const sink = new LocalSink(sqlite);
    await sink.prepare(TABLE_SCHEMAS);
    const encoded = encodeRow(fills, {
      clientOrderId: 'o-1',
      agentId: 'qwen',
      symbol: 'ETHUSDT',
      price: 2_000,
      ts: 0,
    });
    if (!encoded.ok) throw new Error(encoded.message);
    await sink.write(fills, [{ insertId: '7', row: encoded.row }]);
    await sink.write(fills, [{ insertId: '7', row: encoded.row }]);
    expect(sqlite.db.prepare('SELECT insert_id, price, ts FROM analytics_fills').all()).toEqual([
      { insert_id: '7', price: 2_000, ts: '1970-01-01T00:00:00.000Z' },
    ]);
    sqlite.close();
  });
});
