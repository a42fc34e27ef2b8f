import { openDatabase, type SqliteDatabase } from './database.js';

/** The one SQLite connection of the process; repositories take it by injection. */
export class SqliteConnection {
  readonly db: SqliteDatabase;

  constructor(dataDir: string) {
    this.db = openDatabase(dataDir);
  }

  isHealthy(): boolean {
    return this.db.open && this.db.prepare<[], { ok: number }>('SELECT 1 AS ok').get()?.ok === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
