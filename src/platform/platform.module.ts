import {
  type DynamicModule,
  Global,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
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

/** SQLite, the outbox, the clock, metrics and health: what every feature module may use. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [
    {
      provide: SqliteConnection,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SqliteConnection(config.dataDir),
    },
    {
      provide: Outbox,
      inject: [SqliteConnection, Clock],
      useFactory: (db: SqliteConnection, clock: Clock) => new Outbox(db, clock),
    },
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry() },
    Readiness,
  ],
  exports: [
    Clock,
    Scheduler,
    WallClock,
    Monotonic,
    Timers,
    SqliteConnection,
    Outbox,
    MetricsRegistry,
    Readiness,
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
  ) {}

  /** Group commit: buffered outbox rows reach disk together, at most this often. */
  static readonly OUTBOX_FLUSH_MS = 100;

  onModuleInit(): void {
    this.checkpointer = new WalCheckpointer(this.sqlite.db);
    this.checkpointer.start();
    this.cancelFlush = this.scheduler.every(PlatformModule.OUTBOX_FLUSH_MS, () =>
      this.outbox.flush(),
    );
  }

  /** Runs after every module has stopped producing: the last buffered rows reach disk, then we close. */
  async onApplicationShutdown(): Promise<void> {
    this.cancelFlush?.();
    this.outbox.flush();
    await this.checkpointer?.stop();
    this.sqlite.close();
  }
}
