import { Injectable } from '@nestjs/common';
import { Monotonic } from './clock.js';
import { ReplayCommits } from './replay-commits.js';
import { SqliteConnection } from './sqlite-connection.js';
import { StorageHealth } from './storage-health.js';

/**
 * Longest a transaction of whole bars stays open while bars follow one another at once: a crash loses
 * at most this much work, and a commit per bar (a tenth of a backtest's time) becomes one per several.
 */
export const BAR_COMMIT_EVERY_MS = 250;

/**
 * One SQLite transaction around whole replayed bars, when the run's `ReplayCommits` is `whole-bars`:
 * their orders, fills, ledgers, export rows and, last, the replay position commit together. With
 * `each-write` it does nothing and every write commits on its own, as in the service.
 *
 * The writes inside still run in their own `db.transaction` (a savepoint here), so one that fails
 * undoes only itself and is reported as before. Whatever the work did is committed, even when it
 * threw, as the per-write commits would have.
 */
@Injectable()
export class BarTransaction {
  private openedAt = 0;
  private readonly flushes: (() => void)[] = [];

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly storage: StorageHealth,
    private readonly monotonic: Monotonic,
    private readonly commits: ReplayCommits,
  ) {}

  /**
   * Rows a component holds in memory to write in groups (export rows, equity marks) must reach the
   * transaction of the bars they belong to: `flush` runs just before each commit.
   */
  beforeCommit(flush: () => void): void {
    this.flushes.push(flush);
  }

  /**
   * Runs one bar's work inside the open transaction (opening one if needed). With `nextFollows` (the
   * next bar comes at once) the transaction stays open for it, up to `BAR_COMMIT_EVERY_MS` of work;
   * otherwise it commits.
   */
  async around<T>(work: () => Promise<T>, nextFollows: boolean): Promise<T> {
    if (this.commits.mode === 'each-write') return work();
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
      if (!done || !nextFollows || this.monotonic.now() - this.openedAt >= BAR_COMMIT_EVERY_MS)
        this.commit();
    }
  }

  /**
   * Commits what is open. A failed commit is rolled back (SQLite may have done so already), reported
   * and thrown; one that succeeds ends no fault, since the writes inside said whether they succeeded.
   */
  commit(): void {
    const { db } = this.sqlite;
    // A full disk can make SQLite roll the whole transaction back by itself.
    if (this.commits.mode === 'each-write' || !db.open || !db.inTransaction) return;
    try {
      for (const flush of this.flushes) flush();
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      this.storage.failed('bar commit', error);
      throw error;
    }
  }
}
