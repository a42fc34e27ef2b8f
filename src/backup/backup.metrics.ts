import { Injectable, type OnModuleInit } from '@nestjs/common';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { BackupService } from './backup.service.js';
import { BACKUP_DURATION_BOUNDS } from './backup-totals.js';

@Injectable()
export class BackupMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly backups: BackupService,
  ) {}

  onModuleInit(): void {
    const totals = this.backups.totals;
    this.metrics.gauge({
      name: 'backup_last_success_timestamp_seconds',
      help: 'Wall time of the newest verified backup (Unix seconds; 0 = none yet), read from the backup directory at start.',
      read: (set) => set({}, totals.lastSuccessWallMs / 1000),
    });
    this.metrics.histogram({
      name: 'backup_duration_seconds',
      help: 'Wall time a successful backup took: copy, integrity check, upload and pruning.',
      bounds: BACKUP_DURATION_BOUNDS,
      read: () => ({
        buckets: totals.durationBuckets,
        sum: totals.durationSum,
        count: totals.durationCount,
      }),
    });
    this.metrics.counter({
      name: 'backup_failures_total',
      help: 'Backups that failed (copy, integrity check, or upload to Cloud Storage).',
      read: (set) => set({}, totals.failures),
    });
  }
}
