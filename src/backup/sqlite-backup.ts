import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type Monotonic, SystemMonotonic } from '../platform/clock.js';

/** How long the event loop may wait for the worker to pin its snapshot before the backup gives up. */
const PIN_TIMEOUT_MS = 2_000;

/** Nice value of the worker once its snapshot is pinned: background work. */
const BACKGROUND_NICE = 19;

/**
 * Pins tried without the event loop waiting before one pin waits for the worker: each holds only if
 * nothing was committed between asking for it and hearing that it is in place.
 */
const UNWAITED_PINS = 5;

const WAITING = 1;
const PIN_NOW = 2;
const PINNED = 3;
/** The pin holds the moment: copy it. */
const COPY = 4;
/** Something was committed while the pin was being taken: let it go and wait for the next. */
const REPIN = 5;

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
 * The worker: its own connections, one job at a time, so neither the copy's reads, the final sync of
 * the new file, nor the integrity check (which reads every page) ever runs on the event loop.
 *
 * - `copy`: opens the live database, says it is waiting and blocks; on the signal it opens a read
 *   transaction (in WAL mode a reader sees every commit made before it and none after, and never
 *   blocks a writer), says so and waits for the verdict: copy that snapshot with SQLite's backup API,
 *   or let it go and wait for the next signal.
 * - `inspect`: switches a copy to a rollback journal (a backup is one self-contained file) and reports
 *   its integrity check, schema migrations, fills and equity.
 *
 * Plain CommonJS run with `eval`, so it needs no compiled file next to this one (tests run the TypeScript).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { statSync } = require('node:fs');
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);

async function copy({ source, destination }) {
  const db = new Database(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    for (;;) {
      Atomics.store(state, 0, ${WAITING});
      parentPort.postMessage({ kind: 'waiting' });
      Atomics.wait(state, 0, ${WAITING});
      db.exec('BEGIN');
      db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
      Atomics.store(state, 0, ${PINNED});
      Atomics.notify(state, 0);
      parentPort.postMessage({ kind: 'pinned' });
      Atomics.wait(state, 0, ${PINNED});
      if (Atomics.load(state, 0) === ${COPY}) break;
      db.exec('COMMIT');
    }
    // Nothing waits for this thread any more: on Linux a thread has its own nice value, so the copy and
    // the check yield the CPU to the event loop's thread. (A thread cannot take its priority back, so
    // the next backup pins from a fresh one.)
    try {
      require('node:os').setPriority(${BACKGROUND_NICE});
    } catch {}
    await db.backup(destination, { progress: () => 0x7fffffff });
    db.exec('COMMIT');
  } finally {
    db.close();
  }
  return {};
}

function inspect({ file }) {
  const db = new Database(file, { fileMustExist: true });
  try {
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
    return { report: { integrity, schemaVersions, bytes: statSync(file).size, fills, equityUsd } };
  } finally {
    if (db.open) db.close();
  }
}

parentPort.on('message', (job) => {
  Promise.resolve()
    .then(() => (job.kind === 'copy' ? copy(job) : inspect(job)))
    .then(
      (result) => parentPort.postMessage({ kind: 'done', ...result }),
      (error) => parentPort.postMessage({ kind: 'failed', message: String(error && error.message ? error.message : error) }),
    );
});
`;

type WorkerMessage =
  | { readonly kind: 'waiting' }
  | { readonly kind: 'pinned' }
  | { readonly kind: 'done'; readonly report?: BackupInspection }
  | { readonly kind: 'failed'; readonly message: string };

type Job =
  | { readonly kind: 'copy'; readonly source: string; readonly destination: string }
  | { readonly kind: 'inspect'; readonly file: string };

/**
 * A long-lived worker thread that copies the live database and checks copies, one job at a time (the
 * backup service runs one backup at a time). Started once, so no backup pays for a thread's start on
 * the event loop.
 */
export class SqliteBackupWorker {
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | undefined;
  /** The thread has run a copy and lowered its priority: a pin must not wait on it. */
  private backgrounded = false;
  private onMessage: ((message: WorkerMessage) => void) | undefined;
  private onFailure: ((error: Error) => void) | undefined;

  constructor(
    private readonly monotonic: Monotonic = new SystemMonotonic(),
    private readonly driver = createRequire(import.meta.url).resolve('better-sqlite3'),
  ) {}

  /**
   * Copies the live database file `source` into `destination`, and calls `atCapture` in the very turn
   * whose state the copy holds, so no commit of ours falls between what `atCapture` reads from memory
   * and what the copy holds. `commits` must read differently after any commit of the one connection
   * that writes the file.
   *
   * The event loop asks for a pin and goes on; when the worker says it holds one and `commits` reads
   * as when it was asked for, nothing was committed in between and that turn captures. Under a write
   * in every turn that never happens, so after `UNWAITED_PINS` tries the event loop waits for a pin
   * in the capturing turn (a millisecond or two; longer when the worker must queue for a CPU).
   */
  async copy<T>(
    source: string,
    destination: string,
    atCapture: () => T,
    commits: () => string,
  ): Promise<{ captured: T; pinWaitMs: number }> {
    let captured: { value: T } | undefined;
    let pinWaitMs = 0;
    let tries = 0;
    let askedAt: string | undefined;
    await this.renew();
    this.backgrounded = true;
    await this.run({ kind: 'copy', source, destination }, (message) => {
      if (message === 'waiting' && tries < UNWAITED_PINS) {
        tries++;
        askedAt = commits();
        this.signal(PIN_NOW);
      } else if (message === 'waiting') {
        captured = { value: atCapture() };
        pinWaitMs = this.waitForPin();
        this.signal(COPY);
      } else if (askedAt !== undefined) {
        // A pin asked for without waiting (a waited one has had its verdict already).
        const held = commits() === askedAt;
        askedAt = undefined;
        if (held) captured = { value: atCapture() };
        this.signal(held ? COPY : REPIN);
      }
    });
    if (!captured) throw new Error('the copy finished without capturing its moment');
    return { captured: captured.value, pinWaitMs };
  }

  /** Tells the worker to pin and blocks the event loop until it has; returns how long that took. */
  private waitForPin(): number {
    const waitFrom = this.monotonic.now();
    this.signal(PIN_NOW);
    Atomics.wait(this.state, 0, PIN_NOW, PIN_TIMEOUT_MS);
    if (Atomics.load(this.state, 0) !== PINNED) {
      void this.stop(); // the worker may still pin later: start afresh rather than copy another moment
      throw new Error(`the backup worker did not pin a snapshot within ${PIN_TIMEOUT_MS} ms`);
    }
    return this.monotonic.now() - waitFrom;
  }

  private signal(value: number): void {
    Atomics.store(this.state, 0, value);
    Atomics.notify(this.state, 0);
  }

  /** Checks a backup file. Rejects when SQLite cannot read it at all. */
  async inspect(file: string): Promise<BackupInspection> {
    const report = await this.run({ kind: 'inspect', file });
    if (!report) throw new Error('the backup worker answered without a report');
    return report;
  }

  /** Replaces a thread that ran a copy by a fresh one at normal priority, ready for the next pin. */
  async renew(): Promise<void> {
    if (!this.backgrounded) return;
    await this.stop();
    this.start();
  }

  async stop(): Promise<void> {
    this.backgrounded = false;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await worker.terminate();
  }

  /** Starts the thread ahead of the first job (it starts on demand otherwise). */
  start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: this.driver, state: this.state.buffer },
    });
    // Only the current thread speaks for the job in hand; one being replaced says nothing.
    worker.on('message', (message: WorkerMessage) => {
      if (this.worker === worker) this.onMessage?.(message);
    });
    worker.on('error', (error) => {
      if (this.worker === worker) this.onFailure?.(error);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      this.onFailure?.(new Error(`the backup worker exited (${code})`));
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private run(
    job: Job,
    onPin?: (message: 'waiting' | 'pinned') => void,
  ): Promise<BackupInspection | undefined> {
    const worker = this.start();
    worker.ref(); // a job in hand keeps the process alive (the restore command has nothing else)
    return new Promise((resolve, reject) => {
      const settle = () => {
        worker.unref();
        this.onMessage = undefined;
        this.onFailure = undefined;
      };
      this.onFailure = (error) => {
        settle();
        reject(error);
      };
      this.onMessage = (message) => {
        if (message.kind === 'waiting' || message.kind === 'pinned') {
          try {
            onPin?.(message.kind);
          } catch (error) {
            settle();
            reject(error instanceof Error ? error : new Error(String(error)));
          }
          return;
        }
        settle();
        if (message.kind === 'failed') reject(new Error(message.message));
        else resolve(message.report);
      };
      worker.postMessage(job);
    });
  }
}

/** Checks one backup file on a worker thread of its own (the restore command's single job). */
export async function inspectBackup(file: string): Promise<BackupInspection> {
  const worker = new SqliteBackupWorker();
  try {
    return await worker.inspect(file);
  } finally {
    await worker.stop();
  }
}
