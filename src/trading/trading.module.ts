import { Logger, Module, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { Clock, Monotonic, WallClock } from '../platform/clock.js';
import { DomainEvents } from '../platform/domain-events.js';
import { MarketTimeline } from '../platform/market-timeline.js';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { PendingWork } from '../platform/pending-work.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { Broker } from './broker.js';
import { MarketDataAge } from './market-data-age.js';
import { MarketDataFeed } from './market-data.feed.js';
import { MarketReplay } from './market-replay.service.js';
import { describeReplay } from './market-start.js';
import { MarketUniverse } from './market-universe.js';
import { ReplayPositionRepository } from './replay-position.repository.js';
import { TradingVenue, VenueAccount } from './trading-venue.js';
import { createTradingVenue } from './trading-venue.factory.js';
import { ExchangeAccountState } from './exchange-account.state.js';
import { ExchangeAdminController } from './exchange-admin.controller.js';

/** Market data and order execution, each behind its port, picked from configuration. */
@Module({
  controllers: [ExchangeAdminController],
  providers: [
    ExchangeAccountState,
    {
      provide: TradingVenue,
      inject: [
        AppConfig,
        MarketTimeline,
        Clock,
        WallClock,
        DomainEvents,
        PendingWork,
        { token: MetricsRegistry, optional: true },
      ],
      useFactory: async (
        config: AppConfig,
        timeline: MarketTimeline,
        clock: Clock,
        wall: WallClock,
        events: DomainEvents,
        pending: PendingWork,
        metrics?: MetricsRegistry,
      ) => {
        const venue = createTradingVenue({
          config,
          timeline,
          clock,
          wall,
          events,
          pending,
          metrics,
        });
        await venue.open();
        return venue;
      },
    },
    { provide: MarketDataFeed, inject: [TradingVenue], useFactory: (v: TradingVenue) => v.feed },
    { provide: Broker, inject: [TradingVenue], useFactory: (v: TradingVenue) => v.broker },
    {
      provide: VenueAccount,
      inject: [TradingVenue],
      useFactory: (v: TradingVenue) => v.account,
    },
    {
      provide: MarketUniverse,
      inject: [MarketDataFeed],
      useFactory: (feed: MarketDataFeed) => new MarketUniverse(feed.symbols),
    },
    {
      provide: ReplayPositionRepository,
      inject: [SqliteConnection],
      useFactory: (sqlite: SqliteConnection) => new ReplayPositionRepository(sqlite),
    },
    MarketReplay,
    {
      provide: MarketDataAge,
      inject: [AppConfig, MarketDataFeed, Monotonic],
      useFactory: (config: AppConfig, feed: MarketDataFeed, monotonic: Monotonic) =>
        new MarketDataAge(config, feed, monotonic),
    },
  ],
  exports: [MarketDataFeed, MarketDataAge, Broker, VenueAccount, MarketReplay, MarketUniverse],
})
export class TradingModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly config: AppConfig,
    private readonly venue: TradingVenue,
    private readonly marketDataAge: MarketDataAge,
    private readonly timeline: MarketTimeline,
    private readonly position: ReplayPositionRepository,
    @Optional() private readonly metrics?: MetricsRegistry,
  ) {}

  onModuleInit(): void {
    if (this.config.trading.marketData === 'replay') {
      const logger = new Logger('MarketReplay');
      const lines = describeReplay(this.config, this.timeline.now(), this.position.lastBarClose());
      for (const line of lines) logger.log(line);
    }
    if (this.metrics) this.marketDataAge.register(this.metrics);
  }

  onModuleDestroy(): void {
    this.venue.close();
  }
}
