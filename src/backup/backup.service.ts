import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Clock, type Monotonic, type WallClock } from '../platform/clock.js';
import { type CancelTask, type Scheduler } from '../platform/scheduler.js';
import type { SqliteConnection } from '../platform/sqlite-connection.js';
import { BackupError } from './backup.error.js';
import type { BackupStore } from './backup.store.js';
import { backupName, newestFirst, parseBackupName } from './backup-name.js';
import { BackupTotals } from './backup-totals.js';
import type { DirectoryBackupStore } from './directory.backup-store.js';
import { SqliteBackupWorker } from './sqlite-backup.js';

export interface BackupSchedule {
  /** Market time between scheduled backups; 0 = on demand only. */
  readonly intervalMs: number;
  /** Backups kept in each store. */
  readonly keep: number;
}

export interface BackupTime {
  readonly clock: Clock;
  readonly wallClock: WallClock;
  readonly monotonic: Monotonic;
  readonly scheduler: Scheduler;
}

/** A finished, verified backup. */
export interface BackupRecord {
  readonly name: string;
  readonly marketMs: number;
  readonly wallMs: number;
  readonly schemaVersion: number;
  readonly bytes: number;
  readonly durationMs: number;
  /** Every copy: the local file first, then the bucket's object when there is one. */
  readonly locations: readonly string[];
  /**
   * The one wait the backup may put on the event loop: until the worker had pinned its snapshot; 0
   * when a pin asked for without waiting held.
   */
  readonly pinWaitMs: number;
}

const PARTIAL_PREFIX = '.partial-';

/**
 * Online backups of the service's SQLite file: copied on a worker thread while trading goes on,
 * checked on a worker thread (`PRAGMA integrity_check`), named after their market and wall time and
 * schema, written to the backup directory and, when configured, to a bucket, and pruned to the newest
 * `keep`. Scheduled on market time; one at a time.
 */
export class BackupService implements OnModuleInit, OnModuleDestroy {
  readonly totals = new BackupTotals();
  private readonly logger = new Logger(BackupService.name);
  private readonly worker: SqliteBackupWorker;
  private running = false;
  private cancel: CancelTask | undefined;

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly local: DirectoryBackupStore,
    private readonly remote: BackupStore | undefined,
    private readonly schedule: BackupSchedule,
    private readonly time: BackupTime,
  ) {
    this.worker = new SqliteBackupWorker(time.monotonic);
  }

  onModuleInit(): void {
    mkdirSync(this.local.dir, { recursive: true });
    for (const leftover of readdirSync(this.local.dir).filter((n) => n.startsWith(PARTIAL_PREFIX)))
      rmSync(join(this.local.dir, leftover), { force: true });
    const newest = newestFirst(readdirSync(this.local.dir))[0];
    this.totals.lastSuccessWallMs = (newest && parseBackupName(newest)?.wallMs) || 0;
    this.worker.start();
    if (this.schedule.intervalMs > 0)
      this.cancel = this.time.scheduler.every(
        this.schedule.intervalMs,
        () => void this.scheduled(),
      );
  }

  async onModuleDestroy(): Promise<void> {
    this.cancel?.();
    await this.worker.stop();
  }

  /**
   * Takes a backup now. `atCapture` runs in the turn of the event loop whose state the backup holds,
   * so its reading (say, what the API reports) describes the backup exactly.
   */
  async backUp<T>(atCapture: () => T): Promise<{ record: BackupRecord; captured: T }> {
    if (this.running) throw BackupError.inProgress();
    this.running = true;
    const started = this.time.monotonic.now();
    const partial = join(this.local.dir, `${PARTIAL_PREFIX}${this.time.wallClock.now()}.sqlite`);
    try {
      const { captured: taken, pinWaitMs } = await this.step('copying the database', () =>
        this.worker.copy(
          this.sqlite.db.name,
          partial,
          () => ({
            marketMs: this.time.clock.now(),
            wallMs: this.time.wallClock.now(),
            captured: atCapture(),
          }),
          () => this.commits(),
        ),
      );
      const inspection = await this.step('checking the copy', () => this.worker.inspect(partial));
      if (inspection.integrity.join() !== 'ok')
        throw BackupError.failed('checking the copy', inspection.integrity.join('; '));
      const schemaVersion = Math.max(0, ...inspection.schemaVersions);
      const name = backupName({ marketMs: taken.marketMs, wallMs: taken.wallMs, schemaVersion });
      await this.step('writing the backup directory', () => this.local.put(partial, name));
      const locations = [this.local.location(name)];
      if (this.remote) {
        const remote = this.remote;
        await this.step('uploading to Cloud Storage', () =>
          remote.put(this.local.location(name), name),
        );
        locations.push(remote.location(name));
      }
      await this.prune();
      const durationMs = this.time.monotonic.now() - started;
      this.totals.succeeded(taken.wallMs, durationMs / 1000);
      const record: BackupRecord = {
        name,
        marketMs: taken.marketMs,
        wallMs: taken.wallMs,
        schemaVersion,
        bytes: inspection.bytes,
        durationMs,
        locations,
        pinWaitMs,
      };
      this.logger.log(
        `backup ${name} taken in ${Math.round(durationMs)} ms: ${locations.join(', ')}`,
      );
      return { record, captured: taken.captured };
    } catch (error) {
      this.totals.failed();
      await rm(partial, { force: true });
      throw error;
    } finally {
      this.running = false;
      // The next backup's thread starts now, not in the turn that captures its moment.
      void this.worker.renew();
    }
  }

  /**
   * Reads differently after any commit of the service's connection, the only one that writes the
   * file: rows changed (rolled-back ones too, which only costs a retry) and schema changes.
   */
  private commits(): string {
    const changes = this.sqlite.prepare<[], { n: number }>('SELECT total_changes() AS n').get()?.n;
    return `${changes}/${String(this.sqlite.db.pragma('schema_version', { simple: true }))}`;
  }

  private async scheduled(): Promise<void> {
    if (this.running) return; // an operator's backup is under way: it serves this turn too
    try {
      await this.backUp(() => undefined);
    } catch (error) {
      this.logger.error(error instanceof Error ? error.message : String(error));
    }
  }

  private async step<R>(what: string, action: () => Promise<R>): Promise<R> {
    try {
      return await action();
    } catch (error) {
      throw error instanceof BackupError ? error : BackupError.failed(what, error);
    }
  }

  /** Keeps the newest `keep` in each store; a copy that cannot be deleted is left for next time. */
  private async prune(): Promise<void> {
    for (const store of this.remote ? [this.local, this.remote] : [this.local]) {
      let names: string[];
      try {
        names = newestFirst(await store.list());
      } catch (error) {
        this.logger.warn(`could not list backups to prune: ${String(error)}`);
        continue;
      }
      for (const name of names.slice(this.schedule.keep)) {
        try {
          await store.remove(name);
        } catch (error) {
          this.logger.warn(
            `could not delete the old backup ${store.location(name)}: ${String(error)}`,
          );
        }
      }
    }
  }
}
