import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Clock } from '../platform/clock.js';
import { Outbox } from '../platform/outbox.js';
import { type CancelTask, Scheduler } from '../platform/scheduler.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { LocalAnalyticsRetention } from './local-retention.repository.js';

/**
 * A sweep runs this many times per retention period, and at least once a market day: the file stays
 * within a tenth of the retention over it, and a replay of a month pays for a few dozen sweeps, where
 * hourly ones cost it a third of its time.
 */
export const RETENTION_SWEEPS_PER_PERIOD = 10;
export const RETENTION_SWEEP_MAX_MS = 24 * 60 * 60 * 1000;
/** Free pages handed back to the volume per sweep (16 MB of 4 KB pages): one sweep never stalls long. */
export const RECLAIM_PAGES_PER_SWEEP = 4_096;

export interface RetentionSweep {
  readonly outboxRows: number;
  readonly analyticsRows: number;
  /** Pages of the file after the sweep. */
  readonly pages: number;
}

/**
 * Keeps the database bounded: local analytics rows and shipped outbox rows older than
 * `LOCAL_RETENTION_DAYS` of market time are deleted on the market-time scheduler, then freed pages go
 * back to the volume a bounded step at a time (incremental vacuum: no full rewrite, which would need
 * the file's size again in free space, exactly when space is short). Unshipped rows are never touched.
 */
@Injectable()
export class LocalRetention implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LocalRetention.name);
  private readonly analytics: LocalAnalyticsRetention;
  private cancel: CancelTask | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly outbox: Outbox,
    private readonly sqlite: SqliteConnection,
  ) {
    this.analytics = new LocalAnalyticsRetention(sqlite);
  }

  get sweepIntervalMs(): number {
    return Math.min(
      RETENTION_SWEEP_MAX_MS,
      this.config.storage.localRetentionMs / RETENTION_SWEEPS_PER_PERIOD,
    );
  }

  onModuleInit(): void {
    this.cancel = this.scheduler.every(this.sweepIntervalMs, () => this.sweep());
  }

  onModuleDestroy(): void {
    this.cancel?.();
  }

  sweep(): RetentionSweep | undefined {
    const retentionMs = this.config.storage.localRetentionMs;
    try {
      const outboxRows = this.outbox.prune(retentionMs);
      const analyticsRows = this.analytics.trim(this.clock.now() - retentionMs);
      const pages = this.sqlite.reclaimFreePages(RECLAIM_PAGES_PER_SWEEP);
      if (outboxRows + analyticsRows > 0)
        this.logger.debug?.(
          `retention: ${outboxRows} shipped outbox rows and ${analyticsRows} analytics rows deleted; ${pages} pages`,
        );
      return { outboxRows, analyticsRows, pages };
    } catch (error) {
      this.logger.warn(`retention sweep failed, next one retries: ${String(error)}`);
      return undefined;
    }
  }
}
