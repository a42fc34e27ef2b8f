import { Logger } from '@nestjs/common';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SqliteDatabase } from './database.js';

/** SQLite's own default: checkpoint once the log holds this many pages. */
const AUTOCHECKPOINT_PAGES = 1_000;
const STOP_GRACE_MS = 2_000;

/** What one `PRAGMA wal_checkpoint(PASSIVE)` in the worker reported. */
export interface CheckpointReport {
  /** Frames in the log, and how many of them are now in the database file. */
  readonly logFrames: number;
  readonly checkpointedFrames: number;
}

/**
 * The worker: its own connection to the same file, a passive checkpoint every interval. PASSIVE never
 * waits for a lock, so the process's writers and readers are never held up. Plain CommonJS run with
 * `eval`, so it needs no compiled file next to this one (tests run the TypeScript).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  const [row] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ logFrames: row.log, checkpointedFrames: row.checkpointed });
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits also
 * checkpoints every 1,000 pages: it copies ~4 MB into the database file and syncs it, inside a commit,
 * and the event loop waits 10–20 ms. Here the service's connection never checkpoints and a worker thread
 * does it every `intervalMs`. If the worker fails, the connection checkpoints for itself again.
 */
export class WalCheckpointer {
  private readonly logger = new Logger(WalCheckpointer.name);
  private worker: Worker | undefined;
  private stopping = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly intervalMs = 250,
    private readonly onCheckpoint: (report: CheckpointReport) => void = () => undefined,
    private readonly driver = createRequire(import.meta.url).resolve('better-sqlite3'),
  ) {}

  start(): void {
    if (this.worker) return;
    this.db.pragma('wal_autocheckpoint = 0');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver: this.driver, file: this.db.name, intervalMs: this.intervalMs },
    });
    worker.on('message', (report: CheckpointReport) => this.onCheckpoint(report));
    worker.on('error', (error) => this.fallBack(`failed: ${error.message}`));
    worker.on('exit', (code) => this.fallBack(`exited (${code})`));
    worker.unref();
    this.worker = worker;
  }

  /** Asks the worker to close its connection and waits (briefly) until it has. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.stopping = true;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.postMessage('stop');
    let grace: NodeJS.Timeout | undefined;
    const timedOut = new Promise((resolve) => (grace = setTimeout(resolve, STOP_GRACE_MS)));
    if ((await Promise.race([exited.then(() => 'exited'), timedOut])) !== 'exited')
      await worker.terminate();
    clearTimeout(grace);
    this.worker = undefined;
  }

  private fallBack(why: string): void {
    if (this.stopping || this.worker === undefined) return;
    this.worker = undefined;
    this.logger.error(`WAL checkpoint worker ${why}; checkpointing on the event loop instead`);
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }
}
