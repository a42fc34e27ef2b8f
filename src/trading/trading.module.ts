import { Logger, Module, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { SYMBOLS } from '../config/roster.js';
import { Clock } from '../platform/clock.js';
import { Broker } from './broker.js';
import { MarketDataFeed } from './market-data.feed.js';
import { PaperBroker } from './paper.broker.js';
import { readCandleFile } from './candle-file.js';
import { ReplayFeed } from './replay.feed.js';
import { SimulatedFeed } from './simulated.feed.js';

export function createMarketDataFeed(config: AppConfig): MarketDataFeed {
  const { marketData, marketDataDir, replayBarIntervalMs, simulatedFeedSeed } = config.trading;
  switch (marketData) {
    case 'replay':
      return ReplayFeed.fromDirectory(marketDataDir, SYMBOLS, replayBarIntervalMs, () =>
        new Logger('ReplayFeed').log('replay reached the end of the data and starts over'),
      );
    case 'simulated': {
      const start = new Map(
        SYMBOLS.map((s) => [s, readCandleFile(marketDataDir, s)[0].open] as const),
      );
      return new SimulatedFeed(start, replayBarIntervalMs, simulatedFeedSeed);
    }
    case 'aster':
      throw new Error(
        'MARKET_DATA=aster: the Aster feed is not part of this build yet; use replay or simulated',
      );
    default:
      throw new Error(`unknown MARKET_DATA: ${String(marketData satisfies never)}`);
  }
}

export function createBroker(config: AppConfig, feed: MarketDataFeed, clock: Clock): Broker {
  if (!config.trading.paper) {
    throw new Error(
      'PAPER_TRADING=false: live execution (AsterBroker) is not part of this build yet',
    );
  }
  return new PaperBroker(feed, clock, config.trading.paperFeeBps, config.trading.paperSlippageBps);
}

/** Market data and order execution, each behind its port, picked from configuration. */
@Module({
  providers: [
    { provide: MarketDataFeed, inject: [AppConfig], useFactory: createMarketDataFeed },
    { provide: Broker, inject: [AppConfig, MarketDataFeed, Clock], useFactory: createBroker },
  ],
  exports: [MarketDataFeed, Broker],
})
export class TradingModule implements OnModuleDestroy {
  constructor(private readonly feed: MarketDataFeed) {}

  onModuleDestroy(): void {
    this.feed.stop();
  }
}
