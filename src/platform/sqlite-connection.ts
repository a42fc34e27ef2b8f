import type { Statement } from 'better-sqlite3';
import { openDatabase, type SqliteDatabase } from './database.js';

/** The one SQLite connection of the process; repositories take it by injection. */
export class SqliteConnection {
  readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();

  /** `maxSizeMb` caps the file: a write beyond it fails as on a full disk (`SQLITE_FULL`). */
  constructor(dataDir: string, maxSizeMb?: number) {
    this.db = openDatabase(dataDir);
    if (maxSizeMb !== undefined) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.floor((maxSizeMb * 1024 * 1024) / pageSize)}`);
    }
  }

  /**
   * Hands up to `maxPages` free pages back to the file system (auto_vacuum=INCREMENTAL); returns the
   * file's pages after it. Bounded, so one call never rewrites much.
   */
  reclaimFreePages(maxPages: number): number {
    this.db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(maxPages))})`);
    return this.db.pragma('page_count', { simple: true }) as number;
  }

  /**
   * A statement prepared once and reused: preparing costs tens of microseconds, which a repository that
   * writes on every bar would otherwise pay every time.
   */
  prepare<P extends unknown[] | object = unknown[], R = unknown>(sql: string): Statement<P, R> {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement as unknown as Statement<P, R>;
  }

  isHealthy(): boolean {
    return this.db.open && this.db.prepare<[], { ok: number }>('SELECT 1 AS ok').get()?.ok === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
