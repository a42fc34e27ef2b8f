import { Injectable } from '@nestjs/common';
import { Monotonic } from './clock.js';
import { SqliteConnection } from './sqlite-connection.js';
import { StorageHealth } from './storage-health.js';

/**
 * Longest a transaction stays open while bars follow one another at once (a backtest): commits then
 * come every this much work instead of every bar, which was a tenth of a replay's time.
 */
export const BAR_COMMIT_EVERY_MS = 250;

/**
 * One SQLite transaction around everything a replayed bar books: its orders, fills, ledgers, export
 * rows and, last, the replay position. A commit per order and per fill was most of a replay's cost;
 * one per bar is as safe, because the position commits with the bar's effects: a crash loses what was
 * not yet committed, and a restart replays it from the position committed with it. When the next bar
 * follows at once (`holdOpen`), the transaction stays open for the next bars, up to
 * `BAR_COMMIT_EVERY_MS` of work, and the caller commits when it stops.
 *
 * The writes inside still run in their own `db.transaction` (a savepoint here), so one that fails
 * undoes only itself and is reported as before. Whatever the work did is committed, even when it
 * threw, as the per-write commits did.
 */
@Injectable()
export class BarTransaction {
  private openedAt = 0;

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly storage: StorageHealth,
    private readonly monotonic: Monotonic,
  ) {}

  async around<T>(work: () => Promise<T>, holdOpen = false): Promise<T> {
    const { db } = this.sqlite;
    if (!db.inTransaction) {
      db.exec('BEGIN');
      this.openedAt = this.monotonic.now();
    }
    let done = false;
    try {
      const result = await work();
      done = true;
      return result;
    } finally {
      if (!done || !holdOpen || this.monotonic.now() - this.openedAt >= BAR_COMMIT_EVERY_MS)
        this.commit();
    }
  }

  /**
   * Commits what is open. A failed commit is rolled back (SQLite may have done so already), reported
   * and thrown; a commit that succeeds ends no fault, since the writes inside already said whether
   * they succeeded.
   */
  commit(): void {
    const { db } = this.sqlite;
    // A full disk can make SQLite roll the whole transaction back by itself.
    if (!db.open || !db.inTransaction) return;
    try {
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      this.storage.failed('bar commit', error);
      throw error;
    }
  }
}
