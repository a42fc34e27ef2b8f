import { Injectable } from '@nestjs/common';
import { SqliteConnection } from './sqlite-connection.js';
import { StorageHealth } from './storage-health.js';

/**
 * One SQLite transaction around everything a replayed bar books: its orders, fills, ledgers, export
 * rows and, last, the replay position. A commit per order and per fill was most of a replay's cost;
 * one per bar is as safe, because the position commits with the bar's effects: a crash loses at most
 * the bar being handled, and a restart replays it from the position before it.
 *
 * The writes inside still run in their own `db.transaction` (a savepoint here), so one that fails
 * undoes only itself and is reported as before. Whatever the bar's work did is committed, even when it
 * threw, as the per-write commits did.
 */
@Injectable()
export class BarTransaction {
  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly storage: StorageHealth,
  ) {}

  async around<T>(work: () => Promise<T>): Promise<T> {
    const { db } = this.sqlite;
    if (db.inTransaction) return work();
    db.exec('BEGIN');
    try {
      return await work();
    } finally {
      this.commit();
    }
  }

  /** A failed commit is rolled back (SQLite may have done so already) and reported, then thrown. */
  private commit(): void {
    const { db } = this.sqlite;
    // A full disk can make SQLite roll the whole transaction back by itself.
    if (!db.inTransaction) return;
    this.storage.write('bar', () => {
      try {
        db.exec('COMMIT');
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      }
    });
  }
}
