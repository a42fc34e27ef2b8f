import {
  type DynamicModule,
  Global,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { AdminToken } from './admin-token.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import {
  Clock,
  Monotonic,
  SystemClock,
  SystemMonotonic,
  SystemWallClock,
  WallClock,
} from './clock.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics-registry.js';
import { Outbox } from './outbox.js';
import { Readiness } from './readiness.js';
import { type CancelTask, Scheduler, TimerScheduler } from './scheduler.js';
import { StorageHealth } from './storage-health.js';

export interface PlatformTime {
  readonly clock?: Clock;
  readonly scheduler?: Scheduler;
  readonly wallClock?: WallClock;
  readonly monotonic?: Monotonic;
  readonly timers?: Timers;
}
import { SqliteConnection } from './sqlite-connection.js';
import { SystemTimers, Timers } from './timers.js';
import { WalCheckpointer } from './wal-checkpointer.js';

/** SQLite, the outbox, the clock, metrics, health and admin auth: what every feature module may use. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    {
      provide: SqliteConnection,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new SqliteConnection(config.dataDir, config.storage.sqliteMaxSizeMb),
    },
    { provide: StorageHealth, useFactory: () => new StorageHealth() },
    {
      provide: Outbox,
      inject: [SqliteConnection, Clock, StorageHealth],
      useFactory: (db: SqliteConnection, clock: Clock, storage: StorageHealth) =>
        new Outbox(db, clock, storage),
    },
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry() },
    Readiness,
    {
      provide: AdminToken,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => {
        const token = new AdminToken(config.admin.token);
        if (token.generated) {
          new Logger('AdminToken').warn(
            `ADMIN_TOKEN is not set; generated one for this run: ${token.value}`,
          );
        }
        return token;
      },
    },
    AdminTokenGuard,
  ],
  exports: [
    Clock,
    Scheduler,
    WallClock,
    Monotonic,
    Timers,
    SqliteConnection,
    StorageHealth,
    Outbox,
    MetricsRegistry,
    Readiness,
    AdminToken,
    AdminTokenGuard,
  ],
})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  private cancelFlush: CancelTask | undefined;
  private checkpointer: WalCheckpointer | undefined;

  /** Live time by default; a replay passes its ManualClock and ManualScheduler. */
  static forRoot(time: PlatformTime = {}): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: Clock, useValue: time.clock ?? new SystemClock() },
        { provide: Scheduler, useValue: time.scheduler ?? new TimerScheduler() },
        { provide: WallClock, useValue: time.wallClock ?? new SystemWallClock() },
        { provide: Monotonic, useValue: time.monotonic ?? new SystemMonotonic() },
        { provide: Timers, useValue: time.timers ?? new SystemTimers() },
      ],
    };
  }

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
    private readonly scheduler: Scheduler,
    private readonly storage: StorageHealth,
    private readonly metrics: MetricsRegistry,
  ) {}

  /** Group commit: buffered outbox rows reach disk together, at most this often. */
  static readonly OUTBOX_FLUSH_MS = 100;

  onModuleInit(): void {
    this.checkpointer = new WalCheckpointer(this.sqlite.db);
    this.checkpointer.start();
    this.cancelFlush = this.scheduler.every(PlatformModule.OUTBOX_FLUSH_MS, () => {
      try {
        this.outbox.flush();
      } catch {
        // The rows stay buffered for the next tick; StorageHealth took readiness down and said why.
      }
    });
    this.metrics.gauge({
      name: 'sqlite_writable',
      help: '1 while SQLite writes succeed; 0 after a failed write (full disk), until one succeeds.',
      read: (set) => set({}, this.storage.writable ? 1 : 0),
    });
    this.metrics.counter({
      name: 'sqlite_write_failures_total',
      help: 'SQLite writes that failed (full disk, size cap, read-only volume).',
      read: (set) => set({}, this.storage.failureCount),
    });
  }

  /** Runs after every module has stopped producing: the last buffered rows reach disk, then we close. */
  async onApplicationShutdown(): Promise<void> {
    this.cancelFlush?.();
    try {
      this.outbox.flush();
    } catch {
      // Rows that cannot be written are lost with the process either way; closing must still happen.
    }
    await this.checkpointer?.stop();
    this.sqlite.close();
  }
}
