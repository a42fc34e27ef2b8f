import type BetterSqlite3 from 'better-sqlite3';
import type { WallClock } from '../../platform/clock.js';
import type { SqliteDatabase } from '../../platform/database.js';
import { ResponseCache } from './response-cache.js';

/** Answers kept in the service's SQLite file (table `llm_response_cache`), so they survive restarts. */
export class SqliteResponseCache extends ResponseCache {
  private readonly select: BetterSqlite3.Statement<[string], { response: string }>;
  private readonly insert: BetterSqlite3.Statement<[string, string, number]>;

  constructor(
    db: SqliteDatabase,
    /** `created_at` is for an operator looking at the cache: wall time. */
    private readonly wall: WallClock,
  ) {
    super();
    this.select = db.prepare('SELECT response FROM llm_response_cache WHERE request_key = ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO llm_response_cache (request_key, response, created_at) VALUES (?, ?, ?)',
    );
  }

  get(key: string): string | undefined {
    return this.select.get(key)?.response;
  }

  put(key: string, response: string): void {
    this.insert.run(key, response, this.wall.now());
  }
}
