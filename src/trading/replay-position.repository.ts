import { openDatabase } from '../platform/database.js';
import type { SqliteConnection } from '../platform/sqlite-connection.js';

const READ = 'SELECT last_bar_close AS lastBarClose FROM replay_position WHERE id = 1';

/**
 * Where a replay stands, kept like the ledgers: the close (market time) of the last bar whose effects
 * have settled. A restart resumes with the bar after it.
 */
export class ReplayPositionRepository {
  constructor(private readonly sqlite: SqliteConnection) {}

  /**
   * The stored position of the data directory, read before the service is built (market time must
   * start there); undefined for a fresh directory.
   */
  static stored(dataDir: string): number | undefined {
    const db = openDatabase(dataDir);
    try {
      return db.prepare<[], { lastBarClose: number }>(READ).get()?.lastBarClose;
    } finally {
      db.close();
    }
  }

  lastBarClose(): number | undefined {
    return this.sqlite.prepare<[], { lastBarClose: number }>(READ).get()?.lastBarClose;
  }

  /**
   * Once per bar, right after the bar's effects (whose fills committed with their ledgers), last in
   * the bar's transaction when whole bars commit together (`BarTransaction`): a plain UPDATE once the
   * row exists, the cheapest write SQLite has.
   */
  record(lastBarCloseMs: number, wallMs: number): void {
    const { changes } = this.sqlite
      .prepare<[number, number]>(
        'UPDATE replay_position SET last_bar_close = ?, recorded_at = ? WHERE id = 1',
      )
      .run(lastBarCloseMs, wallMs);
    if (changes === 0)
      this.sqlite
        .prepare<[number, number]>(
          'INSERT INTO replay_position (id, last_bar_close, recorded_at) VALUES (1, ?, ?)',
        )
        .run(lastBarCloseMs, wallMs);
  }
}
