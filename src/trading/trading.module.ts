import { Logger, Module, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { SYMBOLS } from '../config/roster.js';
import { Clock, Monotonic, WallClock } from '../platform/clock.js';
import { DomainEvents } from '../platform/domain-events.js';
import { MarketTimeline } from '../platform/market-timeline.js';
import { MetricsRegistry } from '../platform/metrics-registry.js';
import { PendingWork } from '../platform/pending-work.js';
import { SqliteConnection } from '../platform/sqlite-connection.js';
import { registerAsterMetrics } from './aster/aster.metrics.js';
import { AsterHttpClient } from './aster/aster-http.client.js';
import { AsterBroker } from './aster/aster.broker.js';
import { AsterFeed } from './aster/aster.feed.js';
import {
  createAsterBroker,
  createAsterFeed,
  createAsterHttp,
  liveTradingBlockers,
  type AlertSink,
} from './aster/aster-wiring.js';
import { ExchangeReconciler, PaperReconciler } from './aster/exchange.reconciler.js';
import { Broker } from './broker.js';
import { MarketDataAge } from './market-data-age.js';
import { MarketDataFeed } from './market-data.feed.js';
import { MarketDataSet } from './market-data-set.js';
import { PaperBroker } from './paper.broker.js';
import { MarketReplay } from './market-replay.service.js';
import { describeReplay, replayDataSet } from './market-start.js';
import { MarketUniverse } from './market-universe.js';
import { ReplayPositionRepository } from './replay-position.repository.js';
import { ReplayFeed } from './replay.feed.js';
import { SimulatedFeed } from './simulated.feed.js';

/** Live trading needs an operator (IP ban, reconciliation mismatch, stream trouble): a log line and a venue alert. */
export function createAlertSink(clock: Clock, events?: DomainEvents): AlertSink {
  const logger = new Logger('Aster');
  return (message) => {
    logger.error(message);
    events?.emit('trading.alert', { source: 'aster', message, ts: clock.now() });
  };
}

export async function createMarketDataFeed(
  config: AppConfig,
  timeline: MarketTimeline,
  http?: AsterHttpClient,
  wall?: WallClock,
): Promise<MarketDataFeed> {
  const { marketData, simulatedFeedSeed } = config.trading;
  switch (marketData) {
    case 'replay':
      return new ReplayFeed(replayDataSet(config), timeline);
    case 'simulated': {
      // The simulation starts from the opening prices of the seed symbols' files.
      const data = MarketDataSet.load({
        dir: config.trading.marketDataDir,
        symbols: SYMBOLS,
        gapPolicy: 'fill-forward',
      });
      const start = new Map(SYMBOLS.map((s) => [s, data.candle(s, 0).open] as const));
      return new SimulatedFeed(start, timeline, simulatedFeedSeed);
    }
    case 'aster': {
      if (!http || !wall)
        throw new Error('MARKET_DATA=aster needs the Aster HTTP client and a wall clock');
      const logger = new Logger('AsterFeed');
      const feed = createAsterFeed(config, SYMBOLS, http, timeline, wall, (message) =>
        logger.warn(message),
      );
      // Rules, warm-up bars and opening prices before the service reports ready: an unreachable
      // exchange stops the start with its error rather than trading blind.
      await feed.load();
      const start = feed.lastClose();
      if (start !== undefined) timeline.begin(start);
      return feed;
    }
    default:
      throw new Error(`unknown MARKET_DATA: ${String(marketData satisfies never)}`);
  }
}

export async function createBroker(
  config: AppConfig,
  feed: MarketDataFeed,
  clock: Clock,
  wall: WallClock,
  http?: AsterHttpClient,
  events?: DomainEvents,
  pending?: PendingWork,
): Promise<Broker> {
  if (config.trading.paper) {
    const { paperFeeBps, paperMakerFeeBps, paperSlippageBps } = config.trading;
    return new PaperBroker(
      feed,
      clock,
      { takerBps: paperFeeBps, makerBps: paperMakerFeeBps, slippageBps: paperSlippageBps },
      () => pending?.awaitTurn(),
    );
  }
  const blockers = liveTradingBlockers(config);
  if (blockers.length > 0) throw new Error(`live trading refused: ${blockers.join('; ')}`);
  if (!(feed instanceof AsterFeed) || !http) throw new Error('live trading needs the Aster feed');
  const broker = createAsterBroker(config, feed, http, wall, createAlertSink(clock, events));
  await broker.open();
  new Logger('AsterBroker').warn(
    `LIVE trading on ${config.trading.aster.baseUrl} (${http.apiVersion}); orders wait for reconciliation`,
  );
  return broker;
}

/** Market data and order execution, each behind its port, picked from configuration. */
@Module({
  providers: [
    {
      provide: AsterHttpClient,
      inject: [AppConfig, Clock, WallClock, DomainEvents],
      useFactory: (config: AppConfig, clock: Clock, wall: WallClock, events: DomainEvents) =>
        createAsterHttp(config, wall, createAlertSink(clock, events)),
    },
    {
      provide: MarketDataFeed,
      inject: [AppConfig, MarketTimeline, AsterHttpClient, WallClock],
      useFactory: createMarketDataFeed,
    },
    {
      provide: Broker,
      inject: [
        AppConfig,
        MarketDataFeed,
        Clock,
        WallClock,
        AsterHttpClient,
        DomainEvents,
        PendingWork,
      ],
      useFactory: createBroker,
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
    {
      provide: ExchangeReconciler,
      inject: [Broker],
      useFactory: (broker: Broker) =>
        broker instanceof AsterBroker ? broker : new PaperReconciler(),
    },
  ],
  exports: [
    MarketDataFeed,
    MarketDataAge,
    Broker,
    ExchangeReconciler,
    MarketReplay,
    MarketUniverse,
  ],
})
export class TradingModule implements OnModuleInit, OnModuleDestroy {
  constructor(
    private readonly config: AppConfig,
    private readonly feed: MarketDataFeed,
    private readonly broker: Broker,
    private readonly http: AsterHttpClient,
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
    if (this.config.trading.marketData !== 'aster' || !this.metrics) return;
    registerAsterMetrics(
      this.metrics,
      this.http,
      this.broker instanceof AsterBroker ? this.broker : undefined,
    );
  }

  onModuleDestroy(): void {
    this.feed.stop();
    if (this.broker instanceof AsterBroker) this.broker.close();
  }
}
