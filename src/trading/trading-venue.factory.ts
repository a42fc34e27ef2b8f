import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { SYMBOLS } from '../config/roster.js';
import type { Clock, WallClock } from '../platform/clock.js';
import type { DomainEvents } from '../platform/domain-events.js';
import type { MarketTimeline } from '../platform/market-timeline.js';
import type { MetricsRegistry } from '../platform/metrics-registry.js';
import type { PendingWork } from '../platform/pending-work.js';
import { registerAsterBrokerMetrics, registerAsterHttpMetrics } from './aster/aster.metrics.js';
import { AsterVenueAccount } from './aster/aster.venue-account.js';
import {
  createAsterBroker,
  createAsterFeed,
  createAsterHttp,
  liveTradingBlockers,
  type AlertSink,
} from './aster/aster-wiring.js';
import type { Broker } from './broker.js';
import type { MarketDataFeed } from './market-data.feed.js';
import { MarketDataSet } from './market-data-set.js';
import { replayDataSet } from './market-start.js';
import { PaperBroker } from './paper.broker.js';
import { ReplayFeed } from './replay.feed.js';
import { SimulatedFeed } from './simulated.feed.js';
import {
  ComposedVenue,
  PaperAccount,
  type TradingVenue,
  type VenueConnection,
} from './trading-venue.js';

/** What a venue is built from; `events`, `pending` and `metrics` are absent outside the service. */
export interface VenueContext {
  readonly config: AppConfig;
  readonly timeline: MarketTimeline;
  readonly clock: Clock;
  readonly wall: WallClock;
  readonly events?: DomainEvents;
  readonly pending?: PendingWork;
  readonly metrics?: MetricsRegistry;
}

/** Live trading needs an operator (IP ban, reconciliation mismatch, stream trouble): a log line and a venue alert. */
export function createAlertSink(clock: Clock, events?: DomainEvents): AlertSink {
  const logger = new Logger('Aster');
  return (message) => {
    logger.error(message);
    events?.emit('trading.alert', { source: 'aster', message, ts: clock.now() });
  };
}

/**
 * The one place that picks the venue's adapters from configuration. Paper trading gets the paper
 * broker and the null account whatever the prices; only Aster's live data can carry live orders.
 * Nothing is connected until `open`.
 */
export function createTradingVenue(context: VenueContext): TradingVenue {
  const { marketData } = context.config.trading;
  switch (marketData) {
    case 'replay':
      return paperVenue(context, new ReplayFeed(replayDataSet(context.config), context.timeline));
    case 'simulated':
      return paperVenue(context, simulatedFeed(context));
    case 'aster':
      return asterVenue(context);
    default:
      throw new Error(`unknown MARKET_DATA: ${String(marketData satisfies never)}`);
  }
}

function paperVenue(context: VenueContext, feed: MarketDataFeed): TradingVenue {
  refuseLiveUnlessAllowed(context.config);
  return new ComposedVenue(feed, paperBroker(context, feed), new PaperAccount(), [
    { open: () => Promise.resolve(), close: () => feed.stop() },
  ]);
}

function simulatedFeed({ config, timeline }: VenueContext): SimulatedFeed {
  // The simulation starts from the opening prices of the seed symbols' files.
  const data = MarketDataSet.load({
    dir: config.trading.marketDataDir,
    symbols: SYMBOLS,
    gapPolicy: 'fill-forward',
  });
  const start = new Map(SYMBOLS.map((s) => [s, data.candle(s, 0).open] as const));
  return new SimulatedFeed(start, timeline, config.trading.simulatedFeedSeed);
}

function paperBroker({ config, clock, pending }: VenueContext, feed: MarketDataFeed): Broker {
  const { paperFeeBps, paperMakerFeeBps, paperSlippageBps } = config.trading;
  return new PaperBroker(
    feed,
    clock,
    { takerBps: paperFeeBps, makerBps: paperMakerFeeBps, slippageBps: paperSlippageBps },
    () => pending?.awaitTurn(),
  );
}

function refuseLiveUnlessAllowed(config: AppConfig): void {
  if (config.trading.paper) return;
  const blockers = liveTradingBlockers(config);
  if (blockers.length > 0) throw new Error(`live trading refused: ${blockers.join('; ')}`);
}

function asterVenue(context: VenueContext): TradingVenue {
  const { config, timeline, clock, wall, events, metrics } = context;
  const alert = createAlertSink(clock, events);
  const http = createAsterHttp(config, wall, alert);
  if (metrics) registerAsterHttpMetrics(metrics, http);
  const logger = new Logger('AsterFeed');
  const feed = createAsterFeed(config, SYMBOLS, http, timeline, wall, (m) => logger.warn(m));
  const feedConnection: VenueConnection = {
    // Rules, warm-up bars and opening prices before the service reports ready: an unreachable
    // exchange stops the start with its error rather than trading blind.
    open: async () => {
      await feed.load();
      const start = feed.lastClose();
      if (start !== undefined) timeline.begin(start);
    },
    close: () => feed.stop(),
  };
  if (config.trading.paper)
    return new ComposedVenue(feed, paperBroker(context, feed), new PaperAccount(), [
      feedConnection,
    ]);
  refuseLiveUnlessAllowed(config);
  const broker = createAsterBroker(config, feed, http, wall, alert);
  if (metrics) registerAsterBrokerMetrics(metrics, broker);
  const brokerConnection: VenueConnection = {
    open: async () => {
      await broker.open();
      new Logger('AsterBroker').warn(
        `LIVE trading on ${config.trading.aster.baseUrl} (${http.apiVersion}); orders wait for reconciliation`,
      );
    },
    close: () => broker.close(),
  };
  return new ComposedVenue(feed, broker, new AsterVenueAccount(broker), [
    feedConnection,
    brokerConnection,
  ]);
}
