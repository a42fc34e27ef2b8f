import { openDatabase, type SqliteDatabase } from './database.js';

/** The one SQLite connection of the process; repositories take it by injection. */
export class SqliteConnection {
  readonly db: SqliteDatabase;

  /** `maxSizeMb` caps the file: a write beyond it fails as on a full disk (`SQLITE_FULL`). */
  constructor(dataDir: string, maxSizeMb?: number) {
    this.db = openDatabase(dataDir);
    if (maxSizeMb !== undefined) {
      const pageSize = this.db.pragma('page_size', { simple: true }) as number;
      this.db.pragma(`max_page_count = ${Math.floor((maxSizeMb * 1024 * 1024) / pageSize)}`);
    }
  }

  isHealthy(): boolean {
    return this.db.open && this.db.prepare<[], { ok: number }>('SELECT 1 AS ok').get()?.ok === 1;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
