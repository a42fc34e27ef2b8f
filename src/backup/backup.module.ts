import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { OrchestrationModule } from '../orchestration/orchestration.module.js';
import { Clock, Monotonic, WallClock } from '../platform/clock.js';
import { Scheduler } from '../platform/scheduler.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { BackupController } from './backup.controller.js';
import { BackupMetrics } from './backup.metrics.js';
import { BackupService } from './backup.service.js';
import { DirectoryBackupStore } from './directory.backup-store.js';
import { GcsBackupStore } from './gcs.backup-store.js';

export function createBackupService(
  config: AppConfig,
  sqlite: SqliteConnection,
  clock: Clock,
  wallClock: WallClock,
  monotonic: Monotonic,
  scheduler: Scheduler,
): BackupService {
  const { dir, gcs, intervalMs, keep } = config.backup;
  return new BackupService(
    sqlite,
    new DirectoryBackupStore(dir),
    gcs && new GcsBackupStore(gcs),
    { intervalMs, keep },
    { clock, wallClock, monotonic, scheduler },
  );
}

/** Online backups of the portfolio state: scheduled, on demand (`POST /admin/backup`), with metrics. */
@Module({
  imports: [OrchestrationModule],
  controllers: [BackupController],
  providers: [
    {
      provide: BackupService,
      inject: [AppConfig, SqliteConnection, Clock, WallClock, Monotonic, Scheduler],
      useFactory: createBackupService,
    },
    BackupMetrics,
  ],
})
export class BackupModule {}
