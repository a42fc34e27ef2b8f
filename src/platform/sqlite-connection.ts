import type { Statement } from 'better-sqlite3';
import { openDatabase, type SqliteDatabase } from './database.js';

/** The one SQLite connection of the process; repositories take it by injection. */
export class SqliteConnection {
  readonly db: SqliteDatabase;
  private readonly statements = new Map<string, Statement>();

  constructor(dataDir: string) {
    this.db = openDatabase(dataDir);
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
