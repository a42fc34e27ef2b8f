import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from '../platform/database.js';

/** How long the event loop may wait for the copier to pin its snapshot before the backup gives up. */
const PIN_TIMEOUT_MS = 2_000;

const WAITING = 1;
const PIN_NOW = 2;
const PINNED = 3;

/**
 * The copier, on a worker thread with its own connection: it opens the database, waits, then on the
 * signal opens a read transaction (in WAL mode a reader sees every commit made before it and none
 * after, and never blocks a writer), and copies that snapshot with SQLite's backup API, all on its own
 * thread — the copy's reads and the final sync of the new file never touch the event loop. Plain
 * CommonJS run with `eval` (tests run the TypeScript).
 */
const COPIER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
let db;
(async () => {
  db = new Database(workerData.source, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  Atomics.store(state, 0, ${WAITING});
  parentPort.postMessage({ kind: 'waiting' });
  Atomics.wait(state, 0, ${WAITING});
  db.exec('BEGIN');
  db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
  Atomics.store(state, 0, ${PINNED});
  Atomics.notify(state, 0);
  await db.backup(workerData.destination, { progress: () => 0x7fffffff });
  db.exec('COMMIT');
  db.close();
  parentPort.postMessage({ kind: 'copied' });
})().catch((error) => {
  if (db && db.open) db.close();
  parentPort.postMessage({ kind: 'failed', message: String(error && error.message ? error.message : error) });
});
`;

type CopierMessage =
  { readonly kind: 'waiting' | 'copied' } | { readonly kind: 'failed'; readonly message: string };

/**
 * Copies the live database into `destination` without stalling the event loop, and calls `atCapture`
 * in the very turn whose state the copy holds: in that turn the copier is told to pin its snapshot
 * and the event loop waits (well under a millisecond) until it has, so no commit of ours falls
 * between what `atCapture` reads from memory and what the copy holds.
 */
export async function copyOnline<T>(
  db: SqliteDatabase,
  destination: string,
  atCapture: () => T,
  driver = createRequire(import.meta.url).resolve('better-sqlite3'),
): Promise<T> {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(COPIER_SOURCE, {
    eval: true,
    workerData: { driver, source: db.name, destination, state: state.buffer },
  });
  let captured: { value: T } | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      worker.on('message', (message: CopierMessage) => {
        if (message.kind === 'failed') return reject(new Error(message.message));
        if (message.kind === 'copied') return resolve();
        captured = { value: atCapture() };
        Atomics.store(state, 0, PIN_NOW);
        Atomics.notify(state, 0);
        Atomics.wait(state, 0, PIN_NOW, PIN_TIMEOUT_MS);
        if (Atomics.load(state, 0) !== PINNED)
          reject(new Error(`the copier did not pin a snapshot within ${PIN_TIMEOUT_MS} ms`));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the copier exited (${code})`)));
    });
  } finally {
    await worker.terminate();
  }
  if (!captured) throw new Error('the copy finished without capturing its moment');
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
