import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Raised when another live process already owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    /** As the owner wrote it down; undefined when it had not yet. */
    readonly ownerPid: number | undefined,
  ) {
    super(
      `Another Cloud Trader process (pid ${ownerPid ?? 'unknown'}) is already running on DATA_DIR ${dataDir}; ` +
        'only one process may own a portfolio. Stop it first, or point DATA_DIR elsewhere.',
    );
    this.name = 'DataDirLockedError';
  }
}

const LOCK_FILE = 'cloud-trader.lock';
/** Who holds the lock, for the refusal message only: the lock itself is the OS's. */
const OWNER_FILE = 'cloud-trader.lock.pid';

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function sqliteCode(error: unknown): string | undefined {
  return (error as { code?: string }).code;
}

/**
 * An exclusive lock on the data directory held by the operating system: a small SQLite file opened
 * with `locking_mode=EXCLUSIVE` and written once, so this connection keeps SQLite's exclusive file
 * lock until it closes. The kernel drops the lock when the process dies (kill -9, a crashed pod), so
 * there is no stale lock to take over and no race between two starting processes.
 */
export class DataDirLock {
  private released = false;

  private constructor(
    readonly path: string,
    private readonly ownerPath: string,
    private readonly db: Database.Database,
  ) {}

  static acquire(dataDir: string): DataDirLock {
    mkdirSync(dataDir, { recursive: true });
    const path = join(dataDir, LOCK_FILE);
    const ownerPath = join(dataDir, OWNER_FILE);
    const db = DataDirLock.open(dataDir, path, ownerPath);
    writeFileSync(ownerPath, String(process.pid));
    return new DataDirLock(path, ownerPath, db);
  }

  private static open(dataDir: string, path: string, ownerPath: string): Database.Database {
    const db = new Database(path, { timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('CREATE TABLE IF NOT EXISTS owner (pid INTEGER NOT NULL); DELETE FROM owner;');
      db.prepare('INSERT INTO owner (pid) VALUES (?)').run(process.pid);
      return db;
    } catch (error) {
      db.close();
      if (sqliteCode(error) === 'SQLITE_BUSY' || sqliteCode(error) === 'SQLITE_LOCKED')
        throw new DataDirLockedError(dataDir, readPid(ownerPath));
      if (sqliteCode(error) !== 'SQLITE_NOTADB') throw error;
      // The pid file of a version before the OS lock: its owner may still run.
      const owner = readPid(path);
      if (owner !== undefined && owner !== process.pid && isAlive(owner))
        throw new DataDirLockedError(dataDir, owner);
      rmSync(path, { force: true });
      return DataDirLock.open(dataDir, path, ownerPath);
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    rmSync(this.ownerPath, { force: true });
    rmSync(this.path, { force: true });
    this.db.close();
  }
}
