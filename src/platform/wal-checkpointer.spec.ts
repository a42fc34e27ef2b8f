import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteConnection } from './sqlite-connection.js';
import { WalCheckpointer, type CheckpointReport } from './wal-checkpointer.js';

const autocheckpoint = (sqlite: SqliteConnection) =>
  sqlite.db.pragma('wal_autocheckpoint', { simple: true }) as number;

function writeRows(sqlite: SqliteConnection, rows: number): void {
  const insert = sqlite.db.prepare(
    'INSERT INTO outbox (stream, payload, created_at) VALUES (?, ?, ?)',
  );
  sqlite.db.transaction(() => {
    for (let i = 0; i < rows; i++)
      insert.run('signals', JSON.stringify({ i, pad: 'x'.repeat(200) }), i);
  })();
}

describe('WalCheckpointer', () => {
  const open = () => new SqliteConnection(mkdtempSync(join(tmpdir(), 'ct-wal-')));

  it('stops the connection checkpointing and checkpoints the whole log from its worker', async () => {
    const sqlite = open();
    const reports: CheckpointReport[] = [];
    const checkpointer = new WalCheckpointer(sqlite.db, 20, (r) => reports.push(r));
    checkpointer.start();
    expect(autocheckpoint(sqlite)).toBe(0);
    writeRows(sqlite, 20_000); // ~5 MB: more than the 1,000 pages the connection would checkpoint at
    const wal = statSync(`${sqlite.db.name}-wal`).size;
    expect(wal).toBeGreaterThan(4_096 * 1_000);
    const deadline = Date.now() + 10_000;
    while (!reports.some((r) => r.logFrames > 1_000 && r.checkpointedFrames === r.logFrames)) {
      if (Date.now() > deadline) throw new Error(`no full checkpoint: ${JSON.stringify(reports)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The log is now in the database file: the next write starts the log over from its beginning.
    expect(statSync(sqlite.db.name).size).toBeGreaterThan(4_096 * 1_000);
    await checkpointer.stop();
    expect(autocheckpoint(sqlite)).toBe(0);
    sqlite.close();
  });

  it('hands checkpointing back to the connection when the worker cannot run', async () => {
    const sqlite = open();
    const checkpointer = new WalCheckpointer(sqlite.db, 20, undefined, '/nonexistent/driver.js');
    checkpointer.start();
    expect(autocheckpoint(sqlite)).toBe(0);
    const deadline = Date.now() + 10_000;
    while (autocheckpoint(sqlite) === 0) {
      if (Date.now() > deadline) throw new Error('the connection never took checkpointing back');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(autocheckpoint(sqlite)).toBe(1_000);
    await checkpointer.stop();
    sqlite.close();
  });
});
