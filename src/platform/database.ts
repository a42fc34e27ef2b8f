import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { MIGRATIONS, PREVIOUS_VERSIONS } from './migrations.js';

export type SqliteDatabase = BetterSqlite3.Database;

/** The service's database file inside the data directory. */
export const DATABASE_FILE = 'cloud-trader.sqlite';

/**
 * Opens the SQLite file under the data directory in WAL mode and brings its schema up to date. WAL with
 * synchronous=NORMAL survives a process crash (kill -9) without losing a committed transaction.
 * auto_vacuum=INCREMENTAL lets retention hand freed pages back to the volume in small steps
 * (`incremental_vacuum`); a file made before it is converted once (a full VACUUM at start).
 */
export function openDatabase(dataDir: string, fileName = DATABASE_FILE): SqliteDatabase {
  mkdirSync(dataDir, { recursive: true });
  const db = new BetterSqlite3(join(dataDir, fileName));
  useIncrementalVacuum(db);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

const INCREMENTAL = 2;

function useIncrementalVacuum(db: SqliteDatabase): void {
  if (db.pragma('auto_vacuum', { simple: true }) === INCREMENTAL) return;
  db.pragma('auto_vacuum = INCREMENTAL'); // enough for a new, empty file
  const tables = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM sqlite_master').get();
  if ((tables?.n ?? 0) === 0) return;
  try {
    db.exec('VACUUM');
  } catch (error) {
    // Not enough room to rewrite the file (it needs about its own size again): retention still
    // deletes, freed pages are reused, only the file does not shrink. Try again next start.
    new Logger('Database').warn(`could not convert to incremental vacuum: ${String(error)}`);
  }
}

export function migrate(db: SqliteDatabase): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  renumberPreviousVersions(db);
  const applied = new Set(
    db
      .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
      .all()
      .map((r) => r.version),
  );
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  for (const migration of MIGRATIONS) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, Date.now());
    })();
  }
}

/**
 * Moves a database written before the steps were numbered in order onto the new numbers, in one
 * transaction. It is recognised by a version only the old numbering used (old 10 is also a new
 * number, so it alone proves nothing); a database with none of them needs no change.
 */
export function renumberPreviousVersions(db: SqliteDatabase): void {
  const current = new Set(MIGRATIONS.map((m) => m.version));
  const oldOnly = [...PREVIOUS_VERSIONS.keys()].filter((v) => !current.has(v));
  const recorded = db
    .prepare<[], { version: number }>('SELECT version FROM schema_migrations')
    .all()
    .map((r) => r.version);
  if (!recorded.some((v) => oldOnly.includes(v))) return;
  const move = db.prepare('UPDATE schema_migrations SET version = ? WHERE version = ?');
  db.transaction(() => {
    // Through negative numbers, so old 10 → 7 and old 180 → 10 never meet on the primary key.
    for (const [from, to] of PREVIOUS_VERSIONS) move.run(-to, from);
    for (const to of PREVIOUS_VERSIONS.values()) move.run(to, -to);
  })();
}
