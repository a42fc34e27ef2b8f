import type { SqliteConnection } from './sqlite-connection.js';

/**
 * Which start of the service this is on its data directory: 1 for a fresh one. Ids the service makes
 * (messages, and the orders derived from them) carry it, so they are the same in two runs on fresh
 * directories and never collide with a previous run's on the same one.
 */
export class ServiceRun {
  private constructor(readonly number: number) {}

  static begin(sqlite: SqliteConnection, marketStartMs: number, wallMs: number): ServiceRun {
    const { lastInsertRowid } = sqlite.db
      .prepare('INSERT INTO service_runs (market_start, started_at) VALUES (?, ?)')
      .run(marketStartMs, wallMs);
    return new ServiceRun(Number(lastInsertRowid));
  }
}
