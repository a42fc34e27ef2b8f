import BetterSqlite3 from 'better-sqlite3';
import { migrate } from './database.js';
import { MIGRATIONS, PREVIOUS_VERSIONS } from './migrations.js';

const NEW_TO_OLD = new Map([...PREVIOUS_VERSIONS].map(([from, to]) => [to, from]));

/** A database as the previous numbering left it: its first `steps` steps applied under their old numbers. */
function previousVersionDatabase(steps = MIGRATIONS.length): BetterSqlite3.Database {
  const db = new BetterSqlite3(':memory:');
  db.exec(`CREATE TABLE schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  for (const step of MIGRATIONS.slice(0, steps)) {
    db.exec(step.sql);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(
      NEW_TO_OLD.get(step.version) ?? step.version,
      step.name,
    );
  }
  db.prepare(
    'INSERT INTO participation_thresholds (agent_id, threshold, updated_at) VALUES (?, ?, ?)',
  ).run('qwen', 0.4, 0);
  return db;
}

const recorded = (db: BetterSqlite3.Database) =>
  db
    .prepare<[], { version: number; name: string }>(
      'SELECT version, name FROM schema_migrations ORDER BY version',
    )
    .all();

describe('migrations', () => {
  it('are numbered in the order they apply', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('the previous numbering was 1, 2, 3, 30, 20, 40, 10, 45, 171, 180; later steps follow in order', () => {
    const previous = MIGRATIONS.filter((m) => m.version <= 10);
    expect(previous.map((m) => NEW_TO_OLD.get(m.version) ?? m.version)).toEqual([
      1, 2, 3, 30, 20, 40, 10, 45, 171, 180,
    ]);
  });

  it('opens a database written by the previous version: renumbers it, applies nothing twice, keeps its data', () => {
    const db = previousVersionDatabase();
    migrate(db);
    expect(recorded(db)).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
    expect(db.prepare('SELECT agent_id, threshold FROM participation_thresholds').all()).toEqual([
      { agent_id: 'qwen', threshold: 0.4 },
    ]);
    migrate(db);
    expect(recorded(db)).toHaveLength(MIGRATIONS.length);
    db.close();
  });

  it('brings an older database of the previous numbering up to date with the steps it lacked', () => {
    const db = previousVersionDatabase(5);
    migrate(db);
    expect(recorded(db).map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    // A step applied after the renumbering really ran: its table is there.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'audit_log'").get()).toEqual({
      name: 'audit_log',
    });
    db.close();
  });

  it('leaves a database of the current numbering, and later steps, as they are', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, 0)').run(
      201,
      'a later step',
    );
    migrate(db);
    expect(recorded(db).map((r) => r.version)).toEqual([...MIGRATIONS.map((m) => m.version), 201]);
    db.close();
  });
});
