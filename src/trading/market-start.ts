import type { AppConfig } from '../config/app-config.js';
import { MarketDataSet } from './market-data-set.js';
import { ReplayFeed } from './replay.feed.js';
import { ReplayPositionRepository } from './replay-position.repository.js';
import { SIMULATION_START_MS } from './simulated.feed.js';

const loaded = new WeakMap<AppConfig['trading'], MarketDataSet>();

/**
 * The replay's data set, read and checked once per configuration: the market start and the feed both
 * need it, and a year of 1-minute bars is worth reading once.
 */
export function replayDataSet(config: AppConfig): MarketDataSet {
  const { trading } = config;
  let data = loaded.get(trading);
  if (!data) {
    data = MarketDataSet.load({
      dir: trading.marketDataDir,
      symbols: trading.symbols,
      gapPolicy: trading.gapPolicy,
      toMs: trading.replayToMs,
    });
    loaded.set(trading, data);
  }
  return data;
}

/**
 * Market time before the first bar, known before anything is built, so every policy starts its
 * windows there: the close of the replay's warm-up (or of the last bar a previous run on this data
 * directory completed), the simulation's start, or — live — the exchange's now, which the wall clock
 * stands for until the first bar closes.
 */
export function marketStartTime(config: AppConfig, wallNowMs: number): number {
  const { marketData, replayFromMs } = config.trading;
  switch (marketData) {
    case 'replay':
      return ReplayFeed.startTime(
        replayDataSet(config),
        replayFromMs,
        ReplayPositionRepository.stored(config.dataDir),
      );
    case 'simulated':
      return SIMULATION_START_MS;
    case 'aster':
      return wallNowMs;
    default:
      throw new Error(`unknown MARKET_DATA: ${String(marketData satisfies never)}`);
  }
}

/** What the replay will run on, for the log once the service's logger is in place. */
export function describeReplay(
  config: AppConfig,
  startMs: number,
  resumedAfter?: number,
): string[] {
  const data = replayDataSet(config);
  const iso = (ms: number) => new Date(ms).toISOString();
  return [
    ...data.notes,
    `market data: ${data.symbols.join(', ')}, ${data.length} ${data.interval} bars from ${iso(data.firstOpenMs)} to ${iso(data.openTime(data.length))}`,
    resumedAfter === startMs
      ? `resuming the replay after ${iso(startMs)}, the last bar the previous run completed`
      : `the replay starts at ${iso(startMs)}`,
  ];
}
