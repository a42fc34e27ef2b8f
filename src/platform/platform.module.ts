import {
  type DynamicModule,
  Global,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { TerminusModule } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config.js';
import { Clock, Monotonic, SystemMonotonic, SystemWallClock, WallClock } from './clock.js';
import { DomainEvents } from './domain-events.js';
import { HealthController } from './health.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics-registry.js';
import { Outbox } from './outbox.js';
import { Readiness } from './readiness.js';
import { ReadValidation } from './read-validation.js';
import { MarketTimeline } from './market-timeline.js';
import { BarTransaction } from './bar-transaction.js';
import { ReplayCommits } from './replay-commits.js';
import { PendingWork } from './pending-work.js';
import { Scheduler } from './scheduler.js';
import { ServiceRun } from './service-run.js';
import { SqliteConnection } from './sqlite-connection.js';
import { StorageHealth } from './storage-health.js';
import { type CancelTimer, SystemTimers, Timers } from './timers.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export interface PlatformTime {
  /** Market time before the first bar: where the data starts (or the exchange's now, live). */
  readonly marketStartMs: number;
  readonly wallClock?: WallClock;
  readonly monotonic?: Monotonic;
  readonly timers?: Timers;
}

/** SQLite, the outbox, the clock, metrics and health: what every feature module may use. */
@Global()
@Module({
  imports: [TerminusModule.forRoot({ logger: false }), DiscoveryModule],
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
      // Without EventEmitterModule (some tests) events still flow between `on` subscribers.
      provide: DomainEvents,
      inject: [{ token: EventEmitter2, optional: true }],
      useFactory: (emitter?: EventEmitter2) => new DomainEvents(emitter),
    },
    {
      provide: Outbox,
      inject: [SqliteConnection, Clock, WallClock, StorageHealth, AppConfig],
      useFactory: (
        db: SqliteConnection,
        clock: Clock,
        wall: WallClock,
        storage: StorageHealth,
        config: AppConfig,
      ) => new Outbox(db, clock, wall, storage, config.storage.outboxStrictFields),
    },
    {
      provide: ServiceRun,
      inject: [SqliteConnection, MarketTimeline, WallClock],
      useFactory: (db: SqliteConnection, timeline: MarketTimeline, wall: WallClock) =>
        ServiceRun.begin(db, timeline.now(), wall.now()),
    },
    { provide: Clock, inject: [MarketTimeline], useFactory: (t: MarketTimeline) => t.clock },
    {
      provide: Scheduler,
      inject: [MarketTimeline],
      useFactory: (t: MarketTimeline) => t.scheduler,
    },
    PendingWork,
    BarTransaction,
    ReadValidation,
    { provide: MetricsRegistry, useFactory: () => new MetricsRegistry() },
    Readiness,
  ],
  exports: [
    MarketTimeline,
    Clock,
    Scheduler,
    PendingWork,
    BarTransaction,
    ServiceRun,
    WallClock,
    Monotonic,
    Timers,
    SqliteConnection,
    StorageHealth,
    Outbox,
    DomainEvents,
    MetricsRegistry,
    Readiness,
  ],
})
export class PlatformModule implements OnModuleInit, OnApplicationShutdown {
  private cancelFlush: CancelTimer | undefined;
  private checkpointer: WalCheckpointer | undefined;

  /**
   * Market time starts where the data does; wall, monotonic time and timers are the system's unless a
   * test passes its own. `commits`: each write on its own (the service) unless a headless run says so.
   */
  static forRoot(time: PlatformTime, commits = ReplayCommits.eachWrite): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: ReplayCommits, useValue: commits },
        { provide: MarketTimeline, useValue: new MarketTimeline(time.marketStartMs) },
        { provide: WallClock, useValue: time.wallClock ?? new SystemWallClock() },
        { provide: Monotonic, useValue: time.monotonic ?? new SystemMonotonic() },
        { provide: Timers, useValue: time.timers ?? new SystemTimers() },
      ],
    };
  }

  constructor(
    private readonly sqlite: SqliteConnection,
    private readonly outbox: Outbox,
    private readonly timers: Timers,
    private readonly storage: StorageHealth,
    private readonly metrics: MetricsRegistry,
    private readonly timeline: MarketTimeline,
    private readonly bars: BarTransaction,
  ) {}

  /** Group commit: buffered outbox rows reach disk together, at most this often. */
  static readonly OUTBOX_FLUSH_MS = 100;

  onModuleInit(): void {
    this.metrics.gauge({
      name: 'market_time_seconds',
      help: 'Market time the service has reached: the close of the last bar processed (epoch seconds)',
      read: (report) => report({}, this.timeline.now() / 1000),
    });
    this.metrics.counter({
      name: 'market_time_regressions_total',
      help: 'Market data refused because its time went backwards',
      read: (report) => report({}, this.timeline.regressions),
    });
    this.checkpointer = new WalCheckpointer(this.sqlite.db);
    this.checkpointer.start();
    const flushOutbox = () => {
      try {
        this.outbox.flush();
      } catch {
        // The rows stay buffered for the next tick; StorageHealth took readiness down and said why.
      }
    };
    this.cancelFlush = this.timers.every(PlatformModule.OUTBOX_FLUSH_MS, flushOutbox);
    this.bars.beforeCommit(flushOutbox);
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
