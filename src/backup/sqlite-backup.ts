import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from '../platform/database.js';

/** Pages (4 KiB each) copied per turn of the event loop: well under a millisecond of work per step. */
const PAGES_PER_STEP = 100;

/**
 * Copies the live database into `destination` with SQLite's online backup API, a few pages per turn of
 * the event loop, so writers never wait on it. Pages our own connection changes while the copy runs are
 * carried into it, so the copy holds the state of the moment its last step ran. `atCapture` is called in
 * that very turn (the resolution below is the first job queued after the step, and nothing else runs
 * between them), so whatever it reads from memory matches the copy exactly.
 */
export async function copyOnline<T>(
  db: SqliteDatabase,
  destination: string,
  atCapture: () => T,
): Promise<T> {
  let captured: { value: T } | undefined;
  await db
    .backup(destination, { progress: () => PAGES_PER_STEP })
    .then(() => (captured = { value: atCapture() }));
  if (!captured) throw new Error('the backup finished without capturing its moment');
  return captured.value;
}

/** What a backup file holds, as far as a restore needs to know. */
export interface BackupInspection {
  /** `['ok']` for a sound file, else SQLite's list of problems. */
  readonly integrity: readonly string[];
  /** Schema migrations applied in it, ascending; empty when it is not a Cloud Trader database. */
  readonly schemaVersions: readonly number[];
  readonly bytes: number;
  readonly fills: number;
  /** Reserve plus every ledger's cash and positions at their last fill price. */
  readonly equityUsd: number;
}

/**
 * Runs on a worker thread with its own connection: the integrity check reads every page, which would
 * stall the event loop for as long as the file is large. The file is switched to a rollback journal so
 * a backup is one self-contained file. Plain CommonJS run with `eval` (tests run the TypeScript).
 */
const INSPECTOR_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { fileMustExist: true });
  db.pragma('journal_mode = DELETE');
  const integrity = db.pragma('integrity_check').map((row) => row.integrity_check);
  const hasTable = (name) =>
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const schemaVersions = hasTable('schema_migrations')
    ? db.prepare('SELECT version FROM schema_migrations ORDER BY version').all().map((r) => r.version)
    : [];
  let fills = 0;
  let equityUsd = 0;
  if (hasTable('fills') && hasTable('agent_ledgers') && hasTable('agent_positions')) {
    fills = db.prepare('SELECT COUNT(*) AS n FROM fills').get().n;
    const reserve = db.prepare("SELECT value FROM portfolio_marks WHERE key = 'reserve_cash_usd'").get();
    const cash = db.prepare('SELECT COALESCE(SUM(cash_usd), 0) AS c FROM agent_ledgers').get().c;
    const held = db.prepare(
      'SELECT COALESCE(SUM(p.quantity * (SELECT f.price FROM fills f WHERE f.symbol = p.symbol ORDER BY f.id DESC LIMIT 1)), 0) AS v FROM agent_positions p',
    ).get().v;
    equityUsd = (reserve ? reserve.value : 0) + cash + held;
  }
  db.close();
  const bytes = require('node:fs').statSync(workerData.file).size;
  parentPort.postMessage({ ok: true, report: { integrity, schemaVersions, bytes, fills, equityUsd } });
} catch (error) {
  if (db && db.open) db.close();
  parentPort.postMessage({ ok: false, message: String(error && error.message ? error.message : error) });
}
`;

type InspectorAnswer =
  | { readonly ok: true; readonly report: BackupInspection }
  | { readonly ok: false; readonly message: string };

/** Checks a backup file off the event loop. Rejects when SQLite cannot read it at all. */
export function inspectBackup(
  file: string,
  driver = createRequire(import.meta.url).resolve('better-sqlite3'),
): Promise<BackupInspection> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(INSPECTOR_SOURCE, { eval: true, workerData: { driver, file } });
    worker.once('message', (answer: InspectorAnswer) =>
      answer.ok ? resolve(answer.report) : reject(new Error(answer.message)),
    );
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the inspector exited (${code})`)));
  });
}
