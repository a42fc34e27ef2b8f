import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteConnection } from '../src/platform/sqlite-connection.js';
import { WalCheckpointer } from '../src/platform/wal-checkpointer.js';

export interface BenchSqlite {
  readonly sqlite: SqliteConnection;
  /** Stops the checkpointer, closes the connection and removes the directory. */
  readonly close: () => Promise<void>;
}

/** A fresh SQLite database run as the service runs it: WAL checkpoints on a worker thread. */
export function serviceSqlite(): BenchSqlite {
  const dir = mkdtempSync(join(tmpdir(), 'ct-bench-sqlite-'));
  const sqlite = new SqliteConnection(dir);
  const checkpointer = new WalCheckpointer(sqlite.db);
  checkpointer.start();
  return {
    sqlite,
    close: async () => {
      await checkpointer.stop();
      sqlite.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
